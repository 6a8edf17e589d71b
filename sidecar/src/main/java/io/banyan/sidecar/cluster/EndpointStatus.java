package io.banyan.sidecar.cluster;

import java.util.List;

/**
 * The live state of one endpoint of a cluster. {@code healthFlags} are Envoy's /clusters flags, empty when
 * the endpoint may take traffic: {@value #FAILED_ACTIVE_HC}, {@value #FAILED_OUTLIER_CHECK} (with its
 * {@code ejection}), {@value #FAILED_CONNECT}, {@value #CIRCUIT_OPEN} or {@value #CIRCUIT_HALF_OPEN}. {@code activeRequests} is
 * {@code null} when the balancer does not track load; {@code peakEwmaMillis} is set for peak-EWMA only.
 */
public record EndpointStatus(String address, String host, int port, String instanceId, String zone, int weight,
                             boolean mesh, List<String> healthFlags, Ejection ejection, Integer activeRequests,
                             Double peakEwmaMillis) {

    /** Active health checks say the endpoint is unhealthy. */
    public static final String FAILED_ACTIVE_HC = "failed_active_hc";
    /** Outlier detection ejected the endpoint. */
    public static final String FAILED_OUTLIER_CHECK = "failed_outlier_check";
    /** The endpoint's last connect failed: picks pass it over for now ({@code resilience.UnreachableEndpoints}). */
    public static final String FAILED_CONNECT = "failed_connect";
    /** The endpoint's circuit breaker is open. */
    public static final String CIRCUIT_OPEN = "circuit_open";
    /** The endpoint's circuit breaker lets probe calls through. */
    public static final String CIRCUIT_HALF_OPEN = "circuit_half_open";

    /** Why outlier detection ejected the endpoint (e.g. {@code consecutive_5xx}) and for how many more milliseconds. */
    public record Ejection(String reason, long remainingMillis) {
    }

    public EndpointStatus {
        healthFlags = List.copyOf(healthFlags);
    }
}
