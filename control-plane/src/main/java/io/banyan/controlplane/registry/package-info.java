/**
 * The service registry: services, their instances, TTL health and recovery rules, published to listeners as
 * revisioned immutable {@code RegistrySnapshot}s on one notification thread.
 */
package io.banyan.controlplane.registry;
