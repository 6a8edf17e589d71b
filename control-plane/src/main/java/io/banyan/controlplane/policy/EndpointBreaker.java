package io.banyan.controlplane.policy;

import java.time.Duration;

/**
 * The sidecar's per-endpoint circuit breaker (resilience4j, count-based window): it opens when the failure
 * rate or the slow-call rate over the last {@code slidingWindowSize} calls (at least {@code minimumCalls})
 * reaches its threshold, stays open {@code openDuration}, then lets {@code halfOpenCalls} probe calls through.
 */
public record EndpointBreaker(Integer failureRateThreshold, Integer slowCallRateThreshold, Duration slowCallDuration,
                              Integer minimumCalls, Integer slidingWindowSize, Duration openDuration,
                              Integer halfOpenCalls) {

    private static final String PATH = "circuitBreaking.endpoint.";

    public EndpointBreaker {
        failureRateThreshold = Check.range(PATH + "failureRateThreshold",
                Check.orDefault(failureRateThreshold, 50), 1, 100);
        slowCallRateThreshold = Check.range(PATH + "slowCallRateThreshold",
                Check.orDefault(slowCallRateThreshold, 100), 1, 100);
        slowCallDuration = Check.duration(PATH + "slowCallDuration",
                Check.orDefault(slowCallDuration, Duration.ofSeconds(10)), Duration.ofMillis(1), Duration.ofHours(1));
        minimumCalls = Check.range(PATH + "minimumCalls", Check.orDefault(minimumCalls, 20), 1, 100_000);
        slidingWindowSize = Check.range(PATH + "slidingWindowSize",
                Check.orDefault(slidingWindowSize, 100), 1, 100_000);
        openDuration = Check.duration(PATH + "openDuration",
                Check.orDefault(openDuration, Duration.ofSeconds(30)), Duration.ofMillis(1), Duration.ofHours(1));
        halfOpenCalls = Check.range(PATH + "halfOpenCalls", Check.orDefault(halfOpenCalls, 5), 1, 1000);
    }
}
