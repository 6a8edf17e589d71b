package io.banyan.cli.demo;

import java.time.Duration;

/**
 * How the demo runs.
 *
 * @param duration        traffic time, after the mesh is ready
 * @param clients         concurrent keep-alive clients, one request in flight each
 * @param interval        how often the table is printed
 * @param registrationTtl TTL of the orders instances' registrations
 * @param killAt          fraction of the duration at which orders-2 is killed (abruptly)
 * @param stopAt          fraction of the duration at which orders-1 is stopped gracefully (as on SIGTERM), after the
 *                        kill
 * @param minSuccessRate  the success-rate check's threshold, app 503s of the flaky instance excluded
 * @param flakyRate       share of orders-3's requests it answers 503
 */
public record DemoOptions(Duration duration, int clients, Duration interval, Duration registrationTtl,
                          double killAt, double stopAt, double minSuccessRate, double flakyRate) {

    public DemoOptions {
        if (duration.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 5s)");
        }
        if (clients < 1 || clients > 64) {
            throw new IllegalArgumentException("clients: " + clients + " (expected: 1..64)");
        }
        if (minSuccessRate <= 0 || minSuccessRate > 1) {
            throw new IllegalArgumentException("min-success-rate: " + minSuccessRate + " (expected: > 0 and <= 1)");
        }
        if (flakyRate < 0 || flakyRate > 1) {
            throw new IllegalArgumentException("flaky-rate: " + flakyRate + " (expected: 0..1)");
        }
        if (killAt <= 0 || killAt >= 1) {
            throw new IllegalArgumentException("kill-at: " + killAt + " (expected: > 0 and < 1)");
        }
        if (stopAt <= killAt || stopAt >= 1) {
            throw new IllegalArgumentException("stop-at: " + stopAt + " (expected: > kill-at " + killAt + " and < 1)");
        }
    }

    /** When orders-2 is killed, from the start of traffic. */
    public Duration killTime() {
        return Duration.ofMillis((long) (duration.toMillis() * killAt));
    }

    /** When orders-1 is stopped gracefully, from the start of traffic. */
    public Duration stopTime() {
        return Duration.ofMillis((long) (duration.toMillis() * stopAt));
    }
}
