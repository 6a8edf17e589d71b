package io.banyan.sidecar.resilience;

/**
 * Admission of concurrent retries in a cluster: a {@link RetryBudget}, or the max-retries threshold of
 * {@link ClusterThresholds} when the budget is off. Thread-safe.
 */
public interface RetryGate {

    /** Takes room for one retry; false if there is none. A true result must be paired with {@link #release()}. */
    boolean tryAcquire();

    /** Gives back the room of a retry that has ended. */
    void release();

    /** Retries now in flight. */
    int active();
}
