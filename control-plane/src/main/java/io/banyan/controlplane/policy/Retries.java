package io.banyan.controlplane.policy;

import io.banyan.dataplane.config.RetryOn;
import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.util.List;

/**
 * Retries toward one service, with Envoy's semantics: {@code retryOn} conditions (comma-separated),
 * up to {@code numRetries} retries with jittered exponential back-off between {@code backoffBase} and
 * {@code backoffMax}, extra {@code retriableStatusCodes} (with {@code retriable-status-codes}) and a budget.
 */
public record Retries(String retryOn, Integer numRetries, Duration backoffBase, Duration backoffMax,
                      List<Integer> retriableStatusCodes, RetryBudget budget) {

    public static final String DEFAULT_RETRY_ON = "connect-failure,refused-stream,reset";
    /** Envoy's HTTP and gRPC retry conditions that the sidecars implement: the data plane's own list. */
    public static final List<String> CONDITIONS = RetryOn.tokens();
    public static final Retries DEFAULT = new Retries(null, null, null, null, null, null);

    public Retries {
        retryOn = Check.orDefault(retryOn, DEFAULT_RETRY_ON).replace(" ", "");
        for (String condition : retryOn.split(",", -1)) {
            if (!CONDITIONS.contains(condition)) {
                throw Check.invalid("retries.retryOn", "'" + condition + "' (expected: a comma-separated list of "
                        + String.join(", ", CONDITIONS) + ", as the sidecars accept)");
            }
        }
        numRetries = Check.range("retries.numRetries", Check.orDefault(numRetries, 2), 0, 10);
        backoffBase = Check.duration("retries.backoffBase", Check.orDefault(backoffBase, Duration.ofMillis(25)),
                Duration.ofMillis(1), Duration.ofMinutes(1));
        backoffMax = Check.orDefault(backoffMax, backoffBase.multipliedBy(10));
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw Check.invalid("retries.backoffMax", Durations.format(backoffMax) + " (expected: >= backoffBase "
                    + Durations.format(backoffBase) + ")");
        }
        Check.duration("retries.backoffMax", backoffMax, Duration.ofMillis(1), Duration.ofMinutes(10));
        retriableStatusCodes = List.copyOf(Check.orDefault(retriableStatusCodes, List.of()));
        for (int i = 0; i < retriableStatusCodes.size(); i++) {
            Check.range("retries.retriableStatusCodes[" + i + "]", retriableStatusCodes.get(i), 100, 599);
        }
        if (!retriableStatusCodes.isEmpty() && !List.of(retryOn.split(",")).contains("retriable-status-codes")) {
            throw Check.invalid("retries.retriableStatusCodes", retriableStatusCodes
                    + " (expected: retryOn to include retriable-status-codes)");
        }
        budget = Check.orDefault(budget, RetryBudget.DEFAULT);
    }
}
