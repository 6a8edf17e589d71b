package io.banyan.cli.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Counts outcomes of the current interval; {@link #cut} closes it and starts the next. Thread-safe. */
final class TrafficStats {

    private Map<String, Long> served = new HashMap<>();
    private Map<String, Long> failures = new HashMap<>();
    private Duration intervalStart = Duration.ZERO;
    private long meshFailures;

    synchronized void record(Outcome outcome) {
        if (outcome.success()) {
            served.merge(outcome.instance(), 1L, Long::sum);
        } else {
            failures.merge(outcome.failure(), 1L, Long::sum);
            if (!outcome.appFailure()) {
                meshFailures++;
            }
        }
    }

    /** Failures inside the mesh or on the way to it (the app's own 503s apart) since traffic started. */
    synchronized long meshFailures() {
        return meshFailures;
    }

    /** The interval from the previous cut to {@code now} (time since traffic started). */
    synchronized IntervalReport cut(Duration now) {
        IntervalReport report = new IntervalReport(intervalStart, now, served, failures);
        served = new HashMap<>();
        failures = new HashMap<>();
        intervalStart = now;
        return report;
    }
}
