package io.banyan.controlplane.policy;

/**
 * Circuit breaking toward one service: Envoy's cluster-wide limits (connections, queued requests, active
 * requests, concurrent retries; {@code maxRetries} only counts while the retry budget is off, as in Envoy,
 * and the budget is always on) and, optionally, the sidecar's per-endpoint breaker (null: the sidecar's own).
 */
public record CircuitBreaking(Integer maxConnections, Integer maxPendingRequests, Integer maxRequests,
                              Integer maxRetries, EndpointBreaker endpoint) {

    public static final CircuitBreaking DEFAULT = new CircuitBreaking(null, null, null, null, null);
    private static final int MAX = 1_000_000;

    public CircuitBreaking {
        maxConnections = Check.range("circuitBreaking.maxConnections", Check.orDefault(maxConnections, 1024), 1, MAX);
        maxPendingRequests = Check.range("circuitBreaking.maxPendingRequests",
                Check.orDefault(maxPendingRequests, 1024), 0, MAX);
        maxRequests = Check.range("circuitBreaking.maxRequests", Check.orDefault(maxRequests, 1024), 1, MAX);
        maxRetries = Check.range("circuitBreaking.maxRetries", Check.orDefault(maxRetries, 1024), 0, MAX);
    }
}
