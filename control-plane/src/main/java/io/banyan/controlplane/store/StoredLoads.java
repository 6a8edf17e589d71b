package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One control-plane replica's load-report window summed per tracked cluster, shared with the leader's migration guard
 * through the store's {@code loads} map (key: the replica's name): cluster name to its counts.
 */
public record StoredLoads(String replica, Instant writtenAt, Map<String, Counts> clusters) {

    public StoredLoads {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(writtenAt, "writtenAt");
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
    }

    /** A cluster's requests over the window: issued, succeeded, failed with an error. */
    public record Counts(long issued, long succeeded, long errors) {
    }
}
