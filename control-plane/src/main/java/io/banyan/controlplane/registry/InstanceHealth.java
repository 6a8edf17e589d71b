package io.banyan.controlplane.registry;

import java.time.Instant;
import java.util.Objects;

/** An instance with its TTL health at the moment the registry was read. */
public record InstanceHealth(Instance instance, HealthState state, Instant lastHeartbeat) {

    public InstanceHealth {
        Objects.requireNonNull(state, "state");
    }

    /** {@code healthy}: {@link HealthState#HEALTHY}, else {@link HealthState#EXPIRED}. */
    public InstanceHealth(Instance instance, boolean healthy, Instant lastHeartbeat) {
        this(instance, healthy ? HealthState.HEALTHY : HealthState.EXPIRED, lastHeartbeat);
    }

    /** Whether the instance gets traffic: healthy, in its startup grace, or held by self-preservation. */
    public boolean healthy() {
        return state.healthy();
    }
}
