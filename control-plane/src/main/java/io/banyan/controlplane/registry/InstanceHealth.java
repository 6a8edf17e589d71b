package io.banyan.controlplane.registry;

import java.time.Instant;

/** An instance with its TTL health at the moment the registry was read. */
public record InstanceHealth(Instance instance, boolean healthy, Instant lastHeartbeat) {
}
