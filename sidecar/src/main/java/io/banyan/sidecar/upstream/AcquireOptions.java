package io.banyan.sidecar.upstream;

import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.resilience.ClusterThresholds;

/**
 * How one acquire may connect, from its cluster: the connect timeout, the idle timeout of a new connection, the
 * thresholds that count connections and waiting requests ({@code null}: uncounted) and the counts of its connections (open, in use).
 */
record AcquireOptions(long connectTimeoutMillis, long idleTimeoutMillis, ClusterThresholds thresholds,
                      ConnectionCounts gauge) {

    /** A unit of {@code resource} for this acquire: {@link HeldResource#NONE} without thresholds, {@code null} on overflow. */
    HeldResource take(ClusterThresholds.Resource resource) {
        return HeldResource.tryTake(thresholds, resource);
    }

    /** What an acquire fails with when {@code resource} of its cluster is at its threshold. */
    PoolExhaustedException overflow(String cluster, ClusterThresholds.Resource resource) {
        return PoolExhaustedException.clusterOverflow(cluster, resource.token(), thresholds.max(resource));
    }
}
