package io.banyan.controlplane.policy;

/**
 * Retries may add at most {@code percent} of the active requests toward a service, but at least
 * {@code minConcurrency} concurrent retries are always allowed (Envoy's retry budget; safe by default). The percent
 * follows the sidecars' rule (primitives' {@code Checks.percent}: more than 0, at most 100).
 */
public record RetryBudget(Double percent, Integer minConcurrency) {

    public static final RetryBudget DEFAULT = new RetryBudget(null, null);

    public RetryBudget {
        percent = Check.percent("retries.budget.percent", Check.orDefault(percent, 20.0));
        minConcurrency = Check.range("retries.budget.minConcurrency", Check.orDefault(minConcurrency, 3), 0, 10_000);
    }
}
