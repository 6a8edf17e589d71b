package io.banyan.dataplane.config;


import io.banyan.primitives.check.Checks;

/**
 * Envoy's {@code circuit_breakers.thresholds.retry_budget}: concurrent retries are limited to
 * {@code budgetPercent} of the cluster's active and pending requests, but at least
 * {@code minRetryConcurrency}. When enabled, the max-retries threshold is ignored (as in Envoy).
 */
public record RetryBudgetSettings(boolean enabled, double budgetPercent, int minRetryConcurrency) {

    /** Envoy's default {@code budget_percent}. */
    public static final double DEFAULT_BUDGET_PERCENT = 20.0;
    /** Envoy's default {@code min_retry_concurrency}. */
    public static final int DEFAULT_MIN_RETRY_CONCURRENCY = 3;

    public static final RetryBudgetSettings DEFAULT =
            new RetryBudgetSettings(true, DEFAULT_BUDGET_PERCENT, DEFAULT_MIN_RETRY_CONCURRENCY);

    public RetryBudgetSettings {
        Checks.percent(budgetPercent, "budgetPercent");
        Checks.atLeast(minRetryConcurrency, 0, "minRetryConcurrency");
    }

    /** The budget off: the max-retries threshold applies instead. */
    public static RetryBudgetSettings disabled() {
        return new RetryBudgetSettings(false, DEFAULT_BUDGET_PERCENT, DEFAULT_MIN_RETRY_CONCURRENCY);
    }
}
