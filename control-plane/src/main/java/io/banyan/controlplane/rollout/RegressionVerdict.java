package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.RequestCounts;
import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a rollout's canaries regressed: their error rate over the interval minus the reference's (the other nodes
 * over the same interval, or the canaries themselves before the rollout when there are no others) is more than the
 * rollout's {@code maxErrorRateIncrease}, judged only once the canaries ended at least {@code minRequests} requests.
 */
public final class RegressionVerdict {

    private RegressionVerdict() {
    }

    /** The reason to revert, or empty when the canaries did not (yet) regress. */
    public static Optional<String> of(Rollout rollout, RequestCounts canary, RequestCounts reference,
                                      boolean referenceIsRest, Duration over) {
        if (canary.requests() < rollout.minRequests()) {
            return Optional.empty();
        }
        double increase = canary.errorRate() - reference.errorRate();
        if (increase <= rollout.maxErrorRateIncrease()) {
            return Optional.empty();
        }
        return Optional.of("canary error rate " + rate(canary.errorRate()) + " > "
                + (referenceIsRest ? "rest " : "before ") + rate(reference.errorRate()) + " + "
                + rate(rollout.maxErrorRateIncrease()) + " over " + Durations.format(over) + " ("
                + canary.requests() + " requests)");
    }

    private static String rate(double rate) {
        String text = String.format(Locale.ROOT, "%.4f", rate).replaceAll("0+$", "");
        return text.endsWith(".") ? text + "0" : text;
    }
}
