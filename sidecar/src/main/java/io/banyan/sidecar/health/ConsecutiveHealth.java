package io.banyan.sidecar.health;

/**
 * Health as a run of consecutive results: it turns healthy after {@code healthyThreshold} successes in a
 * row and unhealthy after {@code unhealthyThreshold} failures in a row, so one blip does not flap it.
 * Starts unhealthy (unknown). Not thread-safe; its owner serializes calls.
 */
public final class ConsecutiveHealth {

    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private boolean healthy;
    private int successes;
    private int failures;

    public ConsecutiveHealth(int healthyThreshold, int unhealthyThreshold) {
        if (healthyThreshold < 1) {
            throw new IllegalArgumentException("healthyThreshold: " + healthyThreshold + " (expected: >= 1)");
        }
        if (unhealthyThreshold < 1) {
            throw new IllegalArgumentException("unhealthyThreshold: " + unhealthyThreshold + " (expected: >= 1)");
        }
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
    }

    /** Records one probe result; returns true when it changed the health. */
    public boolean record(boolean success) {
        if (success) {
            failures = 0;
            successes++;
            if (!healthy && successes >= healthyThreshold) {
                healthy = true;
                return true;
            }
        } else {
            successes = 0;
            failures++;
            if (healthy && failures >= unhealthyThreshold) {
                healthy = false;
                return true;
            }
        }
        return false;
    }

    public boolean healthy() {
        return healthy;
    }
}
