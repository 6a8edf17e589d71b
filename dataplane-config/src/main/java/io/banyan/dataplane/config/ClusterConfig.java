package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * A cluster (xDS Cluster): a named group of endpoints and how to reach them. EDS clusters get their
 * endpoints from a {@link ClusterEndpoints} of the same name; STATIC clusters carry their own.
 *
 * <p>Traffic policy: {@code lb} (algorithm, zone awareness, panic threshold), the cluster's
 * {@code thresholds} and {@code retryBudget}, {@code outlierDetection} ({@code null}: off), the
 * per-endpoint {@code endpointBreaker}, active {@code healthCheck} ({@code null}: off) and the upstream
 * connections' {@code idleTimeout} (zero: none of its own), capped by the process-wide
 * {@code upstream.PoolSettings#idleTimeout()}: the lower of the two applies.
 *
 * <p>{@code peerService}: the service whose workloads the cluster's mesh endpoints are, so whose SPIFFE id their
 * certificates must carry; the cluster's own name but for copies of a service's cluster under another name (a
 * migration's sides, {@code migration|orders-move|to}).
 */
public record ClusterConfig(String name, Discovery discovery, LbPolicy lbPolicy, Duration connectTimeout,
                            UpstreamProtocol protocol, ClusterEndpoints staticEndpoints, LbSettings lb,
                            ThresholdSettings thresholds, RetryBudgetSettings retryBudget,
                            OutlierSettings outlierDetection, CircuitBreakerSettings endpointBreaker,
                            EndpointHealthCheck healthCheck, Duration idleTimeout, String peerService) {

    public enum Discovery {
        EDS,
        STATIC
    }

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);
    /** Round robin over all zones, panic below 50% healthy: what a cluster without a policy gets. */
    public static final LbSettings DEFAULT_LB = LbSettings.of(LbAlgorithm.ROUND_ROBIN).withZoneAware(false);

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
        Checks.nonNull(lb, "cluster.lb");
        Checks.nonNull(thresholds, "cluster.thresholds");
        Checks.nonNull(retryBudget, "cluster.retryBudget");
        Checks.nonNull(endpointBreaker, "cluster.endpointBreaker");
        Checks.nonNull(idleTimeout, "cluster.idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("cluster.idleTimeout of " + name + ": " + idleTimeout + " (expected: >= 0)");
        }
        Checks.nonEmpty(peerService, "cluster.peerService");
    }

    /** A cluster whose mesh endpoints are the workloads of the service it is named for. */
    public ClusterConfig(String name, Discovery discovery, LbPolicy lbPolicy, Duration connectTimeout,
                         UpstreamProtocol protocol, ClusterEndpoints staticEndpoints, LbSettings lb,
                         ThresholdSettings thresholds, RetryBudgetSettings retryBudget,
                         OutlierSettings outlierDetection, CircuitBreakerSettings endpointBreaker,
                         EndpointHealthCheck healthCheck, Duration idleTimeout) {
        this(name, discovery, lbPolicy, connectTimeout, protocol, staticEndpoints, lb, thresholds, retryBudget,
                outlierDetection, endpointBreaker, healthCheck, idleTimeout, name);
    }

    /** A cluster with the default traffic policy. */
    public ClusterConfig(String name, Discovery discovery, LbPolicy lbPolicy, Duration connectTimeout,
                         UpstreamProtocol protocol, ClusterEndpoints staticEndpoints) {
        this(name, discovery, lbPolicy, connectTimeout, protocol, staticEndpoints, DEFAULT_LB,
                ThresholdSettings.DEFAULT, RetryBudgetSettings.DEFAULT, null, CircuitBreakerSettings.DEFAULT, null,
                DEFAULT_IDLE_TIMEOUT);
    }
}
