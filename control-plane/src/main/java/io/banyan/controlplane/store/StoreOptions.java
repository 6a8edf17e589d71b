package io.banyan.controlplane.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How the store opens and heals.
 *
 * @param recover     start from what is readable when the file is older than its version mark or holds
 *                    unreadable entries (loudly; {@link Store#dataLost()} tells the authorization book), instead
 *                    of refusing to start
 * @param reopenFirst the delay before the first reopen attempt after the store became unavailable
 * @param reopenMax   the longest delay between reopen attempts (the delay doubles up to it)
 * @param maxPendingWrites the most writes that may wait for their group commit; beyond it a write is refused as
 *                    while the store is unavailable (503, {@code Retry-After}), not queued
 */
public record StoreOptions(boolean recover, Duration reopenFirst, Duration reopenMax, int maxPendingWrites) {

    public static final int DEFAULT_MAX_PENDING_WRITES = 4096;

    public static final Duration DEFAULT_REOPEN_FIRST = Duration.ofMillis(250);
    public static final Duration DEFAULT_REOPEN_MAX = Duration.ofSeconds(10);
    public static final StoreOptions DEFAULT = recover(false);

    public StoreOptions {
        Objects.requireNonNull(reopenFirst, "reopenFirst");
        Objects.requireNonNull(reopenMax, "reopenMax");
        if (reopenFirst.isNegative() || reopenFirst.isZero()) {
            throw new IllegalArgumentException("reopenFirst: " + reopenFirst + " (expected: > 0)");
        }
        if (reopenMax.compareTo(reopenFirst) < 0) {
            throw new IllegalArgumentException("reopenMax: " + reopenMax + " (expected: >= reopenFirst " + reopenFirst + ")");
        }
        if (maxPendingWrites < 1) {
            throw new IllegalArgumentException("maxPendingWrites: " + maxPendingWrites + " (expected: >= 1)");
        }
    }

    /** With the default bound of writes waiting for their commit. */
    public StoreOptions(boolean recover, Duration reopenFirst, Duration reopenMax) {
        this(recover, reopenFirst, reopenMax, DEFAULT_MAX_PENDING_WRITES);
    }

    /** The defaults, recovering or not. */
    public static StoreOptions recover(boolean recover) {
        return new StoreOptions(recover, DEFAULT_REOPEN_FIRST, DEFAULT_REOPEN_MAX, DEFAULT_MAX_PENDING_WRITES);
    }

    /** The delay before reopen attempt {@code attempt} (0-based): {@code reopenFirst} doubling up to {@code reopenMax}. */
    Duration reopenDelay(int attempt) {
        Duration delay = reopenFirst;
        for (int i = 0; i < attempt && delay.compareTo(reopenMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(reopenMax) < 0 ? delay : reopenMax;
    }
}
