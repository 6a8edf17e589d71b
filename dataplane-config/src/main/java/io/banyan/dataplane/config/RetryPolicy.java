package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Growth;
import io.banyan.primitives.time.Jitter;

import java.time.Duration;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A route's (or service's) retry policy, after Envoy's {@code RetryPolicy}.
 *
 * @param retryOn the conditions that make an attempt worth retrying
 * @param numRetries retries after the first attempt (Envoy {@code num_retries})
 * @param perTryTimeout time allowed to each attempt until the response head; zero: only the route timeout
 * @param backoffBase base interval of the jittered exponential backoff (Envoy {@code base_interval})
 * @param backoffMax cap of the backoff interval (Envoy {@code max_interval})
 * @param retriableStatusCodes statuses retried under {@link RetryOn#RETRIABLE_STATUS_CODES}
 * @param retriableGrpcCodes gRPC codes always retried (Banyan's numeric form of {@code x-envoy-retry-grpc-on})
 * @param retryNonIdempotent the route allows retrying POST/PATCH/CONNECT even without an Idempotency-Key
 */
public record RetryPolicy(Set<RetryOn> retryOn, int numRetries, Duration perTryTimeout, Duration backoffBase,
                          Duration backoffMax, Set<Integer> retriableStatusCodes, Set<Integer> retriableGrpcCodes,
                          boolean retryNonIdempotent) {

    /** Envoy's default {@code base_interval}. */
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(25);
    /** Envoy's default {@code max_interval}: ten times the base. */
    public static final Duration DEFAULT_BACKOFF_MAX = DEFAULT_BACKOFF_BASE.multipliedBy(10);
    /** Retries of the default policy. */
    public static final int DEFAULT_NUM_RETRIES = 2;

    private static final RetryPolicy ISTIO_DEFAULT = new RetryPolicy(
            Set.of(RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.RESET), DEFAULT_NUM_RETRIES, Duration.ZERO,
            DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX, Set.of(), Set.of(), false);
    private static final RetryPolicy NONE = new RetryPolicy(Set.of(), 0, Duration.ZERO,
            DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX, Set.of(), Set.of(), false);

    public RetryPolicy {
        retryOn = Set.copyOf(Checks.nonNull(retryOn, "retryOn"));
        Checks.atLeast(numRetries, 0, "numRetries");
        Checks.nonNegative(perTryTimeout, "perTryTimeout");
        Checks.positive(backoffBase, "backoffBase");
        Checks.positive(backoffMax, "backoffMax");
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffMax: " + backoffMax + " (expected: >= backoffBase " + backoffBase + ")");
        }
        retriableStatusCodes = Set.copyOf(Checks.nonNull(retriableStatusCodes, "retriableStatusCodes"));
        for (int code : retriableStatusCodes) {
            Checks.between(code, 100, 599, "retriableStatusCodes");
        }
        retriableGrpcCodes = Set.copyOf(Checks.nonNull(retriableGrpcCodes, "retriableGrpcCodes"));
        for (int code : retriableGrpcCodes) {
            Checks.between(code, 0, 16, "retriableGrpcCodes");
        }
    }

    /**
     * The policy of a service that sets none, as Istio users expect: up to 2 retries on connect-failure,
     * refused-stream and a reset before any response byte, idempotent requests only, 25 ms base backoff.
     */
    public static RetryPolicy istioDefault() {
        return ISTIO_DEFAULT;
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Envoy's backoff between the tries: fully jittered exponential, uniformly random in
     * {@code (0, (2^retry - 1) * backoffBase]}, capped at {@code backoffMax}.
     */
    public Backoff backoff(RandomGenerator random) {
        return new Backoff(backoffBase, backoffMax, 2, Growth.CUMULATIVE, Jitter.FULL, random);
    }
}
