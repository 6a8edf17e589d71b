package io.banyan.sidecar.config;

import java.time.Duration;

/**
 * A cluster (xDS Cluster): a named group of endpoints and how to reach them. EDS clusters get their
 * endpoints from a {@link ClusterEndpoints} of the same name; STATIC clusters carry their own.
 */
public record ClusterConfig(String name, Discovery discovery, LbPolicy lbPolicy, Duration connectTimeout,
                            UpstreamProtocol protocol, ClusterEndpoints staticEndpoints) {

    public enum Discovery {
        EDS,
        STATIC
    }

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public ClusterConfig {
        Checks.nonEmpty(name, "cluster.name");
        Checks.nonNull(discovery, "cluster.discovery");
        Checks.nonNull(lbPolicy, "cluster.lbPolicy");
        Checks.nonNull(connectTimeout, "cluster.connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("cluster.connectTimeout of " + name + ": " + connectTimeout + " (expected: > 0)");
        }
        Checks.nonNull(protocol, "cluster.protocol");
        if (discovery == Discovery.STATIC && staticEndpoints == null) {
            throw new IllegalArgumentException("cluster.staticEndpoints of " + name + ": null (expected: endpoints for a STATIC cluster)");
        }
    }
}
