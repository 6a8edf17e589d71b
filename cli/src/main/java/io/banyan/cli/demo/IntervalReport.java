package io.banyan.cli.demo;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traffic of one reporting interval.
 *
 * @param start    from the start of traffic
 * @param end      from the start of traffic
 * @param served   successful responses by instance
 * @param failures failed requests by cause (x-banyan-error token, app_503, status_NNN, client_*)
 */
public record IntervalReport(Duration start, Duration end, Map<String, Long> served, Map<String, Long> failures) {

    public IntervalReport {
        served = Map.copyOf(served);
        failures = Map.copyOf(new TreeMap<>(failures));
    }

    public long served(String instance) {
        return served.getOrDefault(instance, 0L);
    }

    public long successes() {
        return served.values().stream().mapToLong(Long::longValue).sum();
    }

    public long appFailures() {
        return failures.getOrDefault(Outcome.APP_503, 0L);
    }

    /** Failures inside the mesh or on the way to it: everything but the app's own 503s. */
    public long meshFailures() {
        return failures.values().stream().mapToLong(Long::longValue).sum() - appFailures();
    }
}
