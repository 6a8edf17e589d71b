/** The service registry: services, their instances, TTL health, and change notification. */
package io.banyan.controlplane.registry;
