package io.banyan.sidecar.xds;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: {@code initial} doubling up to {@code max}, each spread by +/- {@code jitter}
 * (a fraction) so that many sidecars do not reconnect in step. Not thread-safe.
 */
public final class ExponentialBackoff {

    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(15);
    public static final double DEFAULT_JITTER = 0.2;

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final RandomGenerator random;
    private int attempts;

    public ExponentialBackoff(Duration initial, Duration max, double jitter, RandomGenerator random) {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: > 0)");
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: >= 0 and < 1)");
        }
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
    }

    public static ExponentialBackoff withDefaults(RandomGenerator random) {
        return new ExponentialBackoff(DEFAULT_INITIAL, DEFAULT_MAX, DEFAULT_JITTER, random);
    }

    /** The delay before the next attempt; each call doubles the base until {@code max}. */
    public Duration nextDelay() {
        long base = initial.toMillis() << Math.min(attempts, 30);
        base = Math.min(base <= 0 ? Long.MAX_VALUE : base, max.toMillis());
        attempts++;
        double spread = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base * spread)));
    }

    /** Back to {@code initial}, after a stream delivered a response. */
    public void reset() {
        attempts = 0;
    }
}
