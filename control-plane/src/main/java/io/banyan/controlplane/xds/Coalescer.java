package io.banyan.controlplane.xds;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a burst of changes is due ({@link XdsDebounce}): {@code quiet} after its last change, but no later than
 * {@code max} after its first. Time is given, so tests drive it with a fake clock. Not thread-safe: the publisher
 * guards it.
 */
final class Coalescer {

    private final XdsDebounce debounce;
    private Instant first;
    private Instant last;

    Coalescer(XdsDebounce debounce) {
        this.debounce = Objects.requireNonNull(debounce, "debounce");
    }

    /** A change arrived at {@code now}. */
    void changed(Instant now) {
        if (first == null) {
            first = now;
        }
        last = now;
    }

    /** How long until the burst is due (zero: now, or no burst). */
    Duration remaining(Instant now) {
        if (first == null) {
            return Duration.ZERO;
        }
        Instant quietEnds = last.plus(debounce.quiet());
        Instant latest = first.plus(debounce.max());
        Instant due = quietEnds.isBefore(latest) ? quietEnds : latest;
        return due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO;
    }

    /** The burst was published: the next change starts a new one. */
    void published() {
        first = null;
        last = null;
    }
}
