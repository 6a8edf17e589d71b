package io.banyan.sidecar.config;

import java.time.Duration;
import java.util.List;

/**
 * Where a matched request goes: one cluster, or several with weights (canary and strangler-fig
 * splits). {@code timeout} is the route's overall timeout; {@link Duration#ZERO} disables it, as in Envoy.
 */
public record RouteAction(List<WeightedCluster> clusters, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    public RouteAction {
        clusters = List.copyOf(Checks.nonNull(clusters, "routeAction.clusters"));
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("routeAction.clusters: [] (expected: at least one cluster)");
        }
        if (clusters.stream().mapToInt(WeightedCluster::weight).sum() <= 0) {
            throw new IllegalArgumentException("routeAction.clusters: weights sum to 0 (expected: > 0)");
        }
        Checks.nonNull(timeout, "routeAction.timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("routeAction.timeout: " + timeout + " (expected: >= 0)");
        }
    }

    public static RouteAction toCluster(String cluster) {
        return new RouteAction(List.of(new WeightedCluster(cluster, 1)), DEFAULT_TIMEOUT);
    }
}
