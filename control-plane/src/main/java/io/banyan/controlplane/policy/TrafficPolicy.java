package io.banyan.controlplane.policy;

/**
 * The traffic policy of one service, applied by every sidecar that calls it (and, for the rate limit, by
 * its own instances' sidecars). Absent sections take their defaults; {@code outlierDetection},
 * {@code healthCheck} and {@code rateLimit} are off unless given.
 */
public record TrafficPolicy(LoadBalancing loadBalancing, Timeouts timeouts, Retries retries,
                            CircuitBreaking circuitBreaking, OutlierDetection outlierDetection,
                            HealthCheck healthCheck, RateLimit rateLimit) {

    /** What a service without a policy gets. */
    public static final TrafficPolicy DEFAULT = new TrafficPolicy(null, null, null, null, null, null, null);

    public TrafficPolicy {
        loadBalancing = Check.orDefault(loadBalancing, LoadBalancing.DEFAULT);
        timeouts = Check.orDefault(timeouts, Timeouts.DEFAULT);
        retries = Check.orDefault(retries, Retries.DEFAULT);
        circuitBreaking = Check.orDefault(circuitBreaking, CircuitBreaking.DEFAULT);
    }
}
