package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * The per-endpoint circuit breaker (resilience4j): it opens when, over the sliding window and after at
 * least {@code minimumNumberOfCalls}, the failure rate or the slow-call rate reaches its threshold; stays
 * open for {@code waitDurationInOpenState}; then lets {@code permittedCallsInHalfOpenState} probes through
 * and closes or opens again on their rates.
 *
 * @param failureRateThreshold percent of failed calls that opens the breaker (0, 100]
 * @param slowCallRateThreshold percent of slow calls that opens the breaker (0, 100]
 * @param slowCallDuration a call at least this long is slow
 * @param slidingWindowType COUNT: the last {@code slidingWindowSize} calls; TIME: the last {@code slidingWindowSize} seconds
 */
public record CircuitBreakerSettings(float failureRateThreshold, float slowCallRateThreshold, Duration slowCallDuration,
                                     int minimumNumberOfCalls, Duration waitDurationInOpenState,
                                     int permittedCallsInHalfOpenState, SlidingWindowType slidingWindowType,
                                     int slidingWindowSize) {

    public enum SlidingWindowType {
        COUNT,
        TIME
    }

    /**
     * Banyan's defaults: 50% failures or 100% slow calls (over 10 s) among the last 100 calls, at least 20 of
     * them; open for 30 s (Envoy's {@code base_ejection_time}); 5 half-open probes.
     */
    public static final CircuitBreakerSettings DEFAULT = new CircuitBreakerSettings(50f, 100f, Duration.ofSeconds(10),
            20, Duration.ofSeconds(30), 5, SlidingWindowType.COUNT, 100);

    public CircuitBreakerSettings {
        Checks.percent(failureRateThreshold, "failureRateThreshold");
        Checks.percent(slowCallRateThreshold, "slowCallRateThreshold");
        Checks.positive(slowCallDuration, "slowCallDuration");
        Checks.atLeast(minimumNumberOfCalls, 1, "minimumNumberOfCalls");
        Checks.positive(waitDurationInOpenState, "waitDurationInOpenState");
        Checks.atLeast(permittedCallsInHalfOpenState, 1, "permittedCallsInHalfOpenState");
        Checks.nonNull(slidingWindowType, "slidingWindowType");
        Checks.atLeast(slidingWindowSize, 1, "slidingWindowSize");
    }
}
