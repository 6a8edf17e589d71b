package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.netty.channel.EventLoop;

/**
 * Where a request's attempt (or its shadow copy) gets what carries it to an endpoint: the listener's
 * {@link ConnectionPool} (its {@code acquire} with a cluster's settings and thresholds), or a fake in tests.
 */
@FunctionalInterface
public interface UpstreamAcquirer {

    /** Answers {@code callback} on {@code loop} (the caller's), possibly before returning. */
    void acquire(EventLoop loop, ClusterConfig cluster, ClusterThresholds thresholds, Endpoint endpoint,
                 ConnectionCounts gauge, AcquireCallback callback);
}
