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
 */
public record StoreOptions(boolean recover, Duration reopenFirst, Duration reopenMax) {

    public static final Duration DEFAULT_REOPEN_FIRST = Duration.ofMillis(250);
    public static final Duration DEFAULT_REOPEN_MAX = Duration.ofSeconds(10);
    public static final StoreOptions DEFAULT = new StoreOptions(false, DEFAULT_REOPEN_FIRST, DEFAULT_REOPEN_MAX);

    public StoreOptions {
        Objects.requireNonNull(reopenFirst, "reopenFirst");
        Objects.requireNonNull(reopenMax, "reopenMax");
        if (reopenFirst.isNegative() || reopenFirst.isZero()) {
            throw new IllegalArgumentException("reopenFirst: " + reopenFirst + " (expected: > 0)");
        }
        if (reopenMax.compareTo(reopenFirst) < 0) {
            throw new IllegalArgumentException("reopenMax: " + reopenMax + " (expected: >= reopenFirst " + reopenFirst + ")");
        }
    }

    /** The defaults, recovering or not. */
    public static StoreOptions recover(boolean recover) {
        return new StoreOptions(recover, DEFAULT_REOPEN_FIRST, DEFAULT_REOPEN_MAX);
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
