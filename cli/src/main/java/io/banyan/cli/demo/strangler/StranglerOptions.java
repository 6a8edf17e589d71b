package io.banyan.cli.demo.strangler;

import java.time.Duration;

/**
 * How the strangler demo runs.
 *
 * @param duration traffic time over all steps, shared evenly (each step's settled stretch)
 * @param clients  concurrent keep-alive clients of the gateway, one request in flight each
 */
public record StranglerOptions(Duration duration, int clients) {

    public StranglerOptions {
        if (duration.compareTo(Duration.ofSeconds(8)) < 0) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 8s, a second per step)");
        }
        if (clients < 1 || clients > 64) {
            throw new IllegalArgumentException("clients: " + clients + " (expected: 1..64)");
        }
    }

    /** Each step's settled stretch. */
    public Duration stepTime(int steps) {
        return duration.dividedBy(steps);
    }
}
