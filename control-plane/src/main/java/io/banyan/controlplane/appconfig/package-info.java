/**
 * App configuration served by the mesh: each service's keys and values, its secrets sealed at rest with AES-256-GCM,
 * revisioned like the rest of the mesh configuration and published to that service's sidecars.
 */
package io.banyan.controlplane.appconfig;
