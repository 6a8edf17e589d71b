package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The load reports one control-plane replica received over its last load-report interval, summed per tracked
 * cluster, shared with the other replicas (the leader's migration guard) through the store's {@code loads} map (key:
 * the replica's name).
 */
public record StoredLoads(String replica, Instant writtenAt, Map<String, Cluster> clusters) {

    public StoredLoads {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(writtenAt, "writtenAt");
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
    }

    /**
     * One cluster's requests (ended, failed, failed by cause, and the latency sketch's non-empty buckets) and shadow
     * comparisons over the interval.
     */
    public record Cluster(long requests, long errors, Map<String, Long> errorsByCause, int[] latencyBuckets,
                          long[] latencyCounts, long equal, long different, long failed, long dropped) {

        public Cluster {
            errorsByCause = errorsByCause == null ? Map.of() : Map.copyOf(errorsByCause);
            latencyBuckets = latencyBuckets == null ? new int[0] : latencyBuckets.clone();
            latencyCounts = latencyCounts == null ? new long[0] : latencyCounts.clone();
        }
    }
}
