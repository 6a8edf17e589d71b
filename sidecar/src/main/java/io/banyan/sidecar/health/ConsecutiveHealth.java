package io.banyan.sidecar.health;

import io.banyan.dataplane.config.EndpointHealthCheck;
import io.banyan.primitives.check.Checks;

/**
 * Health as a run of consecutive results: it turns healthy after {@code healthyThreshold} successes in a
 * row and unhealthy after {@code unhealthyThreshold} failures in a row, so one blip does not flap it. The one
 * counter of the local app's checks (which start unhealthy: unknown) and of a cluster's endpoint checks (which
 * start healthy: the registry delivered them as such). {@link #record} is not thread-safe, its owner serializes
 * calls; {@link #healthy()} may be read from any thread.
 */
public final class ConsecutiveHealth {

    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private volatile boolean healthy;
    private int successes;
    private int failures;

    /** Starts unhealthy (unknown). */
    public ConsecutiveHealth(int healthyThreshold, int unhealthyThreshold) {
        this(healthyThreshold, unhealthyThreshold, false);
    }

    /** Counts with the thresholds of {@code check}, starting {@code healthy} or not. */
    public ConsecutiveHealth(EndpointHealthCheck check, boolean healthy) {
        this(check.healthyThreshold(), check.unhealthyThreshold(), healthy);
    }

    private ConsecutiveHealth(int healthyThreshold, int unhealthyThreshold, boolean healthy) {
        this.healthyThreshold = Checks.atLeast(healthyThreshold, 1, "healthyThreshold");
        this.unhealthyThreshold = Checks.atLeast(unhealthyThreshold, 1, "unhealthyThreshold");
        this.healthy = healthy;
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
