package io.banyan.primitives.time;

import io.banyan.primitives.check.Checks;
import io.banyan.primitives.random.PerThreadRandom;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The one exponential backoff: attempt {@code n} (1 for the first retry) waits a ceiling that grows from
 * {@code initial} by {@code multiplier} ({@link Growth}), capped at {@code max}, less a random part ({@link Jitter}).
 * Immutable and safe to share when its random source is (see {@link PerThreadRandom}); callers count their
 * attempts.
 *
 * @param initial    the ceiling of the first attempt, > 0
 * @param max        the cap of every ceiling, >= initial
 * @param multiplier how fast ceilings grow, >= 1
 * @param growth     whether ceilings are the geometric terms or their running sum
 * @param jitter     the random part of each delay
 * @param random     the random source of the jitter
 */
public record Backoff(Duration initial, Duration max, double multiplier, Growth growth, Jitter jitter,
                      RandomGenerator random) {

    public Backoff {
        Checks.positive(initial, "backoff.initial");
        Checks.nonNull(max, "backoff.max");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff.max: " + max + " (expected: >= initial " + initial + ")");
        }
        if (!(multiplier >= 1 && multiplier <= 1e6)) {
            throw new IllegalArgumentException("backoff.multiplier: " + multiplier + " (expected: >= 1)");
        }
        Checks.nonNull(growth, "backoff.growth");
        Checks.nonNull(jitter, "backoff.jitter");
        random = random == null ? PerThreadRandom.get() : random;
    }

    /** {@code initial} doubling up to {@code max}, no jitter; {@link #withJitter} and the other withers refine it. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 2, Growth.GEOMETRIC, Jitter.NONE, null);
    }

    /** Always {@code delay}. */
    public static Backoff fixed(Duration delay) {
        return new Backoff(delay, delay, 1, Growth.GEOMETRIC, Jitter.NONE, null);
    }


    public Backoff withJitter(Jitter jitter) {
        return new Backoff(initial, max, multiplier, growth, jitter, random);
    }

    public Backoff withGrowth(Growth growth) {
        return new Backoff(initial, max, multiplier, growth, jitter, random);
    }

    public Backoff withMultiplier(double multiplier) {
        return new Backoff(initial, max, multiplier, growth, jitter, random);
    }

    public Backoff withRandom(RandomGenerator random) {
        return new Backoff(initial, max, multiplier, growth, jitter, random);
    }

    /** Nanoseconds to wait before attempt {@code attempt} (1-based). */
    public long delayNanos(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 1)");
        }
        return jitter.apply(ceilingNanos(attempt), random.nextDouble());
    }

    /** The wait before attempt {@code attempt} (1-based). */
    public Duration delay(int attempt) {
        return Duration.ofNanos(delayNanos(attempt));
    }

    /** The longest wait before attempt {@code attempt}: the grown delay, capped at {@code max}. */
    public long ceilingNanos(int attempt) {
        long maxNanos = max.toNanos();
        double grown = initial.toNanos() * growth.factor(multiplier, attempt);
        return grown >= maxNanos ? maxNanos : (long) grown;
    }
}
