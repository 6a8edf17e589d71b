package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.ClusterConfig;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The live state of one cluster, as {@code GET /clusters} shows it: its config, whether its balancer is in
 * panic, its outlier detection ({@code null} when off), each threshold's usage by resource token
 * ({@code connections}, {@code pending_requests}, {@code requests}, {@code retries}), the retry gate, and
 * every endpoint with its health flags. A copy read at one moment; never changes.
 */
public record ClusterStatus(String name, ClusterConfig config, boolean panic, Outlier outlier,
                            Map<String, Usage> thresholds, Retries retries, List<EndpointStatus> endpoints) {

    /** Units of a resource in use against its limit. */
    public record Usage(int active, int max) {
    }

    /** Endpoints ejected now, and the most that may be, in percent of the cluster. */
    public record Outlier(int ejected, int maxEjectionPercent) {
    }

    /**
     * Retries in flight against the limit now; {@code gate} is {@code retry_budget} (the limit follows the
     * requests in flight) or {@code max_retries} (the threshold, when the budget is off).
     */
    public record Retries(String gate, int active, int limit) {

        public static final String RETRY_BUDGET = "retry_budget";
        public static final String MAX_RETRIES = "max_retries";
    }

    public ClusterStatus {
        Objects.requireNonNull(name, "name");
        thresholds = Map.copyOf(thresholds);
        endpoints = List.copyOf(endpoints);
    }
}
