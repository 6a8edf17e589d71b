package io.banyan.controlplane.migration;

import io.banyan.primitives.time.Durations;

import java.time.Duration;

/**
 * When a migration rolls back by itself, judged over the last {@code window} (1s..1h, default 1m) of the current
 * step once the new side has at least {@code minRequests} (default 100): its error rate above {@code maxErrorRate}
 * (0..1); its error rate above the old side's by more than {@code maxErrorRateIncrease} (0..1; the old side also with
 * {@code minRequests}); its p99 latency above {@code maxP99Ratio} times the old side's (> 0; both sides with
 * {@code minRequests}). An absent maximum is a check that is off.
 */
public record Guard(Double maxErrorRate, Double maxErrorRateIncrease, Double maxP99Ratio, Integer minRequests,
                    Duration window) {

    static final int DEFAULT_MIN_REQUESTS = 100;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_WINDOW = Duration.ofHours(1);
    static final double MAX_P99_RATIO = 1_000;

    public static final Guard DEFAULT = new Guard(null, null, null, null, null);

    public Guard {
        Fields.between("guard.maxErrorRate", maxErrorRate, 0, 1);
        Fields.between("guard.maxErrorRateIncrease", maxErrorRateIncrease, 0, 1);
        if (maxP99Ratio != null && !(maxP99Ratio > 0 && maxP99Ratio <= MAX_P99_RATIO)) {
            throw Fields.invalid("guard.maxP99Ratio", Fields.plain(maxP99Ratio) + " (expected: > 0 and <= " + (int) MAX_P99_RATIO
                    + ")");
        }
        minRequests = Fields.orDefault(minRequests, DEFAULT_MIN_REQUESTS);
        if (minRequests < 1) {
            throw Fields.invalid("guard.minRequests", minRequests + " (expected: >= 1)");
        }
        window = Fields.orDefault(window, DEFAULT_WINDOW);
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw Fields.invalid("guard.window", Durations.format(window) + " (expected: 1s..1h)");
        }
    }
}
