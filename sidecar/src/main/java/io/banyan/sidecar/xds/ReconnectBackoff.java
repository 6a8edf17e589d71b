package io.banyan.sidecar.xds;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The backoff of everything that retries the control plane (the ADS stream, the registration agent, the channel's
 * own reconnects): attempt n waits {@code initial * 2^(n-1)}, capped at {@code max}, minus up to {@code jitter} of
 * it, so that sidecars do not all retry a restarted control plane at once. Immutable; callers count their attempts.
 */
public record ReconnectBackoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {

    /** 500 ms doubling up to 10 s, each minus up to half of it: seconds, never minutes. */
    public static final ReconnectBackoff DEFAULT =
            new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(10), 0.5, null);

    public ReconnectBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff.initial: " + initial + " (expected: > 0)");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff.max: " + max + " (expected: >= initial " + initial + ")");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("backoff.jitter: " + jitter + " (expected: >= 0 and < 1)");
        }
        random = random == null ? () -> ThreadLocalRandom.current().nextDouble() : random;
    }

    /** {@code initial} doubling up to {@code max}, with 20% jitter. */
    public static ReconnectBackoff exponential(Duration initial, Duration max) {
        return new ReconnectBackoff(initial, max, 0.2, null);
    }

    /** The delay before retry number {@code attempt} (1-based). */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 1)");
        }
        long maxMillis = max.toMillis();
        long millis = initial.toMillis();
        for (int i = 1; i < attempt && millis < maxMillis; i++) {
            millis *= 2;
        }
        millis = Math.min(millis, maxMillis);
        long jittered = millis - (long) (millis * jitter * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, jittered));
    }
}
