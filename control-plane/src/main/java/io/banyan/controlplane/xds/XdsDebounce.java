package io.banyan.controlplane.xds;

import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.util.Objects;

/**
 * How the publisher folds a burst of changes into one publishing round: a change waits for {@code quiet} without
 * another one, but never longer than {@code max} after the first change of the burst; the last state always wins.
 *
 * @param quiet how long without a change before the burst is published ({@code --xds-debounce}, default 50ms;
 *              0 disables folding: each change is published as soon as the publisher's thread is free)
 * @param max   the longest a change waits ({@code --xds-debounce-max}, default 500ms; at least {@code quiet})
 */
public record XdsDebounce(Duration quiet, Duration max) {

    public static final Duration DEFAULT_QUIET = Duration.ofMillis(50);
    public static final Duration DEFAULT_MAX = Duration.ofMillis(500);
    private static final Duration LONGEST = Duration.ofMinutes(1);
    public static final XdsDebounce DEFAULT = new XdsDebounce(DEFAULT_QUIET, DEFAULT_MAX);
    /** No folding: what the publisher did before debouncing existed. */
    public static final XdsDebounce NONE = new XdsDebounce(Duration.ZERO, Duration.ZERO);

    public XdsDebounce {
        Objects.requireNonNull(quiet, "xds-debounce");
        Objects.requireNonNull(max, "xds-debounce-max");
        if (quiet.isNegative() || quiet.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("xds-debounce: " + Durations.format(quiet) + " (expected: 0s..1m)");
        }
        if (max.compareTo(quiet) < 0 || max.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("xds-debounce-max: " + Durations.format(max)
                    + " (expected: xds-debounce (" + Durations.format(quiet) + ")..1m)");
        }
    }

    /** Whether changes are folded at all. */
    public boolean enabled() {
        return !quiet.isZero();
    }
}
