package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.Checks;
import io.banyan.sidecar.config.RetryPolicy;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** The wait before a retry, as a function of how many retries came before it. */
@FunctionalInterface
public interface Backoff {

    /** Nanoseconds to wait before retry number {@code retry} (1 for the first retry). */
    long nextDelayNanos(int retry);

    /** A random source safe to share between event loops: each call uses the calling thread's generator. */
    static RandomGenerator threadLocalRandom() {
        return () -> ThreadLocalRandom.current().nextLong();
    }

    /** No wait. */
    static Backoff none() {
        return retry -> 0;
    }

    /**
     * Envoy's backoff: fully jittered exponential, uniformly random in {@code [0, (2^retry - 1) * base]},
     * capped at {@code max}.
     */
    static Backoff exponentialWithFullJitter(Duration base, Duration max, RandomGenerator random) {
        return new JitteredExponentialBackoff(Checks.positive(base, "base").toNanos(),
                Checks.positive(max, "max").toNanos(), Checks.nonNull(random, "random"));
    }

    /** The backoff of a retry policy. */
    static Backoff of(RetryPolicy policy, RandomGenerator random) {
        return exponentialWithFullJitter(policy.backoffBase(), policy.backoffMax(), random);
    }
}
