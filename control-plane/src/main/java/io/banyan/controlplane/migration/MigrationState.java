package io.banyan.controlplane.migration;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a migration stands: its phase, the index of its step in {@code steps} and the weight live now (0 when rolled
 * back), since when the step runs, when it was created and last changed, and why it is paused or rolled back.
 */
public record MigrationState(Phase state, int step, int weight, Instant stepStartedAt, Instant createdAt,
                             Instant updatedAt, String reason) {

    public MigrationState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
