package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.check.Checks;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    private final ConcurrentMap<String, WatchedBreaker> breakers = new ConcurrentHashMap<>();
    /**
     * The breaker found for each endpoint of the config since the last {@link #retainOnly} (a new map then), so that a
     * call makes no {@code host:port} string and hashes none.
     */
    private volatile ConcurrentMap<Endpoint, WatchedBreaker> byEndpoint = new ConcurrentHashMap<>();

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
        WatchedBreaker watched = breaker(endpoint);
        boolean permitted = watched.breaker.tryAcquirePermission(); // may move OPEN to HALF_OPEN
        watched.noticeTransition();
        return permitted;
    }

    /** Reports a permitted call's result: its duration (for the slow-call rate) and whether it succeeded. */
    public void onResult(Endpoint endpoint, Duration duration, boolean success) {
        onResult(endpoint, duration.toNanos(), success);
    }

    /** {@link #onResult(Endpoint, Duration, boolean)} with the duration in nanoseconds: nothing allocated. */
    public void onResult(Endpoint endpoint, long durationNanos, boolean success) {
        WatchedBreaker watched = breaker(endpoint);
        long nanos = Math.max(0, durationNanos);
        if (success) {
            watched.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else {
            watched.breaker.onError(nanos, TimeUnit.NANOSECONDS, FAILURE);
        }
        watched.noticeTransition();
    }

    /** Gives back a permission for a call that was never made (e.g. the request was cancelled first). */
    public void release(Endpoint endpoint) {
        breaker(endpoint).breaker.releasePermission();
    }

    /** The breaker's state: CLOSED, OPEN, HALF_OPEN (for /clusters and tests). */
    public CircuitBreaker.State state(Endpoint endpoint) {
        return breaker(endpoint).breaker.getState();
    }

    /**
     * The state of {@code endpoint}'s breaker without creating one (CLOSED when it has none yet), for
     * /clusters. An OPEN breaker whose wait is over stays OPEN here until the next call asks for permission.
     */
    public CircuitBreaker.State peekState(Endpoint endpoint) {
        WatchedBreaker watched = breakers.get(Checks.nonNull(endpoint, "endpoint").authority());
        return watched == null ? CircuitBreaker.State.CLOSED : watched.breaker.getState();
    }

    /** Forgets the breakers of endpoints no longer in the cluster. */
    public void retainOnly(Collection<Endpoint> endpoints) {
        Set<String> keep = endpoints.stream().map(Endpoint::authority).collect(Collectors.toSet());
        breakers.keySet().retainAll(keep);
        byEndpoint = new ConcurrentHashMap<>(); // a call racing this may still fill the old one: nobody reads it
        updateOpenGauge();
    }

    private WatchedBreaker breaker(Endpoint endpoint) {
        Checks.nonNull(endpoint, "endpoint");
        ConcurrentMap<Endpoint, WatchedBreaker> known = byEndpoint;
        WatchedBreaker watched = known.get(endpoint);
        if (watched == null) {
            String authority = endpoint.authority();
            watched = breakers.get(authority); // no capturing lambda on the hot path
            if (watched == null) {
                watched = breakers.computeIfAbsent(authority, this::newBreaker);
            }
            known.put(endpoint, watched);
        }
        return watched;
    }

    private WatchedBreaker newBreaker(String authority) {
        return new WatchedBreaker(CircuitBreaker.of(metrics.service() + "/" + authority, config));
    }

    private void updateOpenGauge() {
        int open = 0;
        for (WatchedBreaker watched : breakers.values()) {
            if (watched.breaker.getState() == CircuitBreaker.State.OPEN) {
                open++;
            }
        }
        metrics.openBreakers(open);
    }

    /**
     * A breaker and the last state seen of it. Transitions are noticed by comparing states after each call rather
     * than by an event consumer: with any consumer registered, resilience4j builds an event (with a
     * {@code ZonedDateTime}) for every call, successful ones included.
     */
    private final class WatchedBreaker {

        final CircuitBreaker breaker;
        private final AtomicReference<CircuitBreaker.State> seen;

        WatchedBreaker(CircuitBreaker breaker) {
            this.breaker = breaker;
            this.seen = new AtomicReference<>(breaker.getState());
        }

        /** Counts a transition once, whichever thread sees it first. */
        void noticeTransition() {
            CircuitBreaker.State now = breaker.getState();
            CircuitBreaker.State before = seen.get();
            if (now != before && seen.compareAndSet(before, now)) {
                metrics.recordBreakerTransition(now.name());
                updateOpenGauge();
            }
        }
    }

    /** Marker failure recorded into the breaker; no stack trace. */
    private static final class CallNotPermittedFailure extends RuntimeException {
        CallNotPermittedFailure() {
            super("upstream call failed", null, false, false);
        }
    }
}
