package io.banyan.controlplane.policy;

/**
 * Retries may add at most {@code percent} of the active requests toward a service, but at least
 * {@code minConcurrency} concurrent retries are always allowed (Envoy's retry budget; safe by default).
 */
public record RetryBudget(Double percent, Integer minConcurrency) {

    public static final RetryBudget DEFAULT = new RetryBudget(null, null);

    public RetryBudget {
        percent = Check.range("retries.budget.percent", Check.orDefault(percent, 20.0), 0.0, 100.0);
        minConcurrency = Check.range("retries.budget.minConcurrency", Check.orDefault(minConcurrency, 3), 0, 10_000);
    }
}
