package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.primitives.check.Checks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A cluster's retry budget with Envoy's semantics: at most
 * {@code max(minRetryConcurrency, budgetPercent% of active + pending requests)} retries in flight.
 * Lock-free; shared by every event loop.
 */
public final class RetryBudget implements RetryGate {

    private final RetryBudgetSettings settings;
    private final IntSupplier activeRequests;
    private final ResilienceMetrics metrics;
    private final AtomicInteger active = new AtomicInteger();

    /**
     * @param activeRequests the cluster's active plus pending requests, e.g. from {@link ClusterThresholds#requestsInFlight()}
     */
    public RetryBudget(RetryBudgetSettings settings, IntSupplier activeRequests, ResilienceMetrics metrics) {
        this.settings = Checks.nonNull(settings, "settings");
        this.activeRequests = Checks.nonNull(activeRequests, "activeRequests");
        this.metrics = Checks.nonNull(metrics, "metrics");
    }

    /** The budget of a cluster, or its max-retries threshold when the budget is disabled. */
    public static RetryGate forCluster(RetryBudgetSettings settings, ClusterThresholds thresholds, ResilienceMetrics metrics) {
        return settings.enabled()
                ? new RetryBudget(settings, thresholds::requestsInFlight, metrics)
                : thresholds.retryGate();
    }

    /** Retries allowed in flight right now. */
    public int limit() {
        int requests = Math.max(0, activeRequests.getAsInt());
        int byPercent = (int) (requests * settings.budgetPercent() / 100.0);
        return Math.max(settings.minRetryConcurrency(), byPercent);
    }

    @Override
    public boolean tryAcquire() {
        int limit = limit();
        for (;;) {
            int current = active.get();
            if (current >= limit) {
                metrics.recordRetryBudgetExhausted();
                return false;
            }
            if (active.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    @Override
    public void release() {
        active.getAndUpdate(current -> Math.max(0, current - 1));
    }

    @Override
    public int active() {
        return active.get();
    }
}
