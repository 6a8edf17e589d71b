package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.Endpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One resilience4j circuit breaker per endpoint of a cluster (keyed by {@code host:port}): an endpoint
 * whose breaker is open gets no traffic. Thread-safe. Time comes from the injected {@link Clock}; the
 * open-to-half-open transition happens on the first call after the wait (no timer thread).
 */
public final class EndpointCircuitBreakers {

    /** The failure recorded for a failed call; its stack trace is never filled. */
    private static final Throwable FAILURE = new CallNotPermittedFailure();

    private final CircuitBreakerConfig config;
    private final ResilienceMetrics metrics;
    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public EndpointCircuitBreakers(CircuitBreakerSettings settings, Clock clock, ResilienceMetrics metrics) {
        Checks.nonNull(settings, "settings");
        Checks.nonNull(clock, "clock");
        this.metrics = Checks.nonNull(metrics, "metrics");
        this.config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slowCallRateThreshold(settings.slowCallRateThreshold())
                .slowCallDurationThreshold(settings.slowCallDuration())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .slidingWindow(settings.slidingWindowSize(), settings.minimumNumberOfCalls(),
                        settings.slidingWindowType() == CircuitBreakerSettings.SlidingWindowType.COUNT
                                ? CircuitBreakerConfig.SlidingWindowType.COUNT_BASED
                                : CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .currentTimestampFunction(c -> TimeUnit.MILLISECONDS.toNanos(c.millis()), TimeUnit.NANOSECONDS)
                .recordExceptions(Throwable.class)
                .build();
    }

    /**
     * Asks to send one call to {@code endpoint}. True: go ahead, and report the call with
     * {@link #onResult} (or {@link #release} if it was never made). False: the breaker is open (answer
     * or pick another endpoint; the cause is {@code circuit_open}).
     */
    public boolean isCallPermitted(Endpoint endpoint) {
        return breaker(endpoint).tryAcquirePermission();
    }

    /** Reports a permitted call's result: its duration (for the slow-call rate) and whether it succeeded. */
    public void onResult(Endpoint endpoint, Duration duration, boolean success) {
        CircuitBreaker breaker = breaker(endpoint);
        long nanos = Math.max(0, duration.toNanos());
        if (success) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, FAILURE);
        }
    }

    /** Gives back a permission for a call that was never made (e.g. the request was cancelled first). */
    public void release(Endpoint endpoint) {
        breaker(endpoint).releasePermission();
    }

    /** The breaker's state: CLOSED, OPEN, HALF_OPEN (for /clusters and tests). */
    public CircuitBreaker.State state(Endpoint endpoint) {
        return breaker(endpoint).getState();
    }

    /**
     * The state of {@code endpoint}'s breaker without creating one (CLOSED when it has none yet), for
     * /clusters. An OPEN breaker whose wait is over stays OPEN here until the next call asks for permission.
     */
    public CircuitBreaker.State peekState(Endpoint endpoint) {
        CircuitBreaker breaker = breakers.get(Checks.nonNull(endpoint, "endpoint").authority());
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.getState();
    }

    /** Forgets the breakers of endpoints no longer in the cluster. */
    public void retainOnly(Collection<Endpoint> endpoints) {
        Set<String> keep = endpoints.stream().map(Endpoint::authority).collect(Collectors.toSet());
        breakers.keySet().retainAll(keep);
        updateOpenGauge();
    }

    private CircuitBreaker breaker(Endpoint endpoint) {
        Checks.nonNull(endpoint, "endpoint");
        return breakers.computeIfAbsent(endpoint.authority(), this::newBreaker);
    }

    private CircuitBreaker newBreaker(String authority) {
        CircuitBreaker breaker = CircuitBreaker.of(metrics.service() + "/" + authority, config);
        breaker.getEventPublisher().onStateTransition(event -> {
            metrics.recordBreakerTransition(event.getStateTransition().getToState().name());
            updateOpenGauge();
        });
        return breaker;
    }

    private void updateOpenGauge() {
        int open = 0;
        for (CircuitBreaker breaker : breakers.values()) {
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                open++;
            }
        }
        metrics.openBreakers(open);
    }

    /** Marker failure recorded into the breaker; no stack trace. */
    private static final class CallNotPermittedFailure extends RuntimeException {
        CallNotPermittedFailure() {
            super("upstream call failed", null, false, false);
        }
    }
}
