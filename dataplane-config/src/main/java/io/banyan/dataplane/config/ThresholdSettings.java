package io.banyan.dataplane.config;


import io.banyan.primitives.check.Checks;

/**
 * A cluster's circuit breaker thresholds, as Envoy's {@code circuit_breakers.thresholds} (priority DEFAULT).
 * Beyond a threshold the sidecar answers at once with 503 {@code overflow}; nothing queues without bound.
 */
public record ThresholdSettings(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {

    /** Envoy's default of {@code max_connections}, {@code max_pending_requests} and {@code max_requests}. */
    public static final int DEFAULT_LIMIT = 1024;

    /**
     * 1024 for each. Envoy's {@code max_retries} default is 3, but it is ignored while the retry budget
     * (on by default) is enabled.
     */
    public static final ThresholdSettings DEFAULT =
            new ThresholdSettings(DEFAULT_LIMIT, DEFAULT_LIMIT, DEFAULT_LIMIT, DEFAULT_LIMIT);

    public ThresholdSettings {
        Checks.atLeast(maxConnections, 1, "maxConnections");
        Checks.atLeast(maxPendingRequests, 0, "maxPendingRequests");
        Checks.atLeast(maxRequests, 1, "maxRequests");
        Checks.atLeast(maxRetries, 0, "maxRetries");
    }
}
