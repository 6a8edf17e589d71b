package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.Checks;

import java.util.random.RandomGenerator;

/** {@link Backoff#exponentialWithFullJitter}: uniform in [0, min(max, (2^n - 1) * base)]. */
final class JitteredExponentialBackoff implements Backoff {

    private final long baseNanos;
    private final long maxNanos;
    private final RandomGenerator random;

    JitteredExponentialBackoff(long baseNanos, long maxNanos, RandomGenerator random) {
        if (maxNanos < baseNanos) {
            throw new IllegalArgumentException("max: " + maxNanos + "ns (expected: >= base " + baseNanos + "ns)");
        }
        this.baseNanos = baseNanos;
        this.maxNanos = maxNanos;
        this.random = random;
    }

    @Override
    public long nextDelayNanos(int retry) {
        Checks.atLeast(retry, 1, "retry");
        int exponent = Math.min(retry, 62);
        long multiplier = (1L << exponent) - 1;
        long ceiling = multiplier > maxNanos / baseNanos ? maxNanos : Math.min(maxNanos, multiplier * baseNanos);
        return random.nextLong(ceiling + 1);
    }
}
