package io.banyan.controlplane.migration;

import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.primitives.time.Durations;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Judges a migration's new side against its old one by the {@link Guard}: no verdict below {@code minRequests} on
 * the new side; a breach when the new error rate is above {@code maxErrorRate}, or above the old one by more than
 * {@code maxErrorRateIncrease} (the old side also with {@code minRequests}), or the new p99 is above
 * {@code maxP99Ratio} times the old one (both sides with {@code minRequests}); the first breach found is the
 * reason. A value equal to its maximum is no breach. Plain Java: fed the stats, returns the verdict.
 */
public final class MigrationGuard {

    /**
     * @param newSide the name of the new side in the reason and the figures: {@code to}, or {@code shadow} while
     *                shadowing
     */
    public Verdict judge(Guard guard, SideStats from, String newSide, SideStats next) {
        Map<String, Number> figures = new LinkedHashMap<>();
        figures(figures, newSide, next);
        figures(figures, "from", from);
        long min = guard.minRequests();
        if (next.requests() < min) {
            return new Verdict(Verdict.Outcome.TOO_FEW, null, figures);
        }
        String over = " over " + Durations.format(guard.window());
        double rate = next.errorRate();
        if (guard.maxErrorRate() != null && rate > guard.maxErrorRate()) {
            return breach(newSide + " error rate " + number(rate) + " > maxErrorRate " + number(guard.maxErrorRate())
                    + over + " (" + next.requests() + " requests)", figures);
        }
        boolean fromCounts = from.requests() >= min;
        if (guard.maxErrorRateIncrease() != null && fromCounts
                && rate - from.errorRate() > guard.maxErrorRateIncrease()) {
            return breach(newSide + " error rate " + number(rate) + " - from error rate " + number(from.errorRate())
                    + " > maxErrorRateIncrease " + number(guard.maxErrorRateIncrease()) + over + " ("
                    + next.requests() + " and " + from.requests() + " requests)", figures);
        }
        if (guard.maxP99Ratio() != null && fromCounts) {
            double ratio = ratio(millis(next), millis(from));
            if (ratio > guard.maxP99Ratio()) {
                return breach(newSide + " p99 " + number(millis(next)) + "ms / from p99 " + number(millis(from))
                        + "ms = " + number(ratio) + " > maxP99Ratio " + number(guard.maxP99Ratio()) + over + " ("
                        + next.requests() + " and " + from.requests() + " requests)", figures);
            }
        }
        return new Verdict(Verdict.Outcome.HEALTHY, null, figures);
    }

    private static Verdict breach(String reason, Map<String, Number> figures) {
        return new Verdict(Verdict.Outcome.BREACH, "guard: " + reason, figures);
    }

    /** The p99 ratio; an old p99 of 0 (no measurable latency) makes any measurable new one infinitely slower. */
    private static double ratio(double next, double from) {
        if (from == 0) {
            return next == 0 ? 1 : Double.POSITIVE_INFINITY;
        }
        return next / from;
    }

    private static void figures(Map<String, Number> figures, String side, SideStats stats) {
        figures.put(side + "Requests", stats.requests());
        figures.put(side + "Errors", stats.errors());
        figures.put(side + "ErrorRate", stats.errorRate());
        figures.put(side + "P99Ms", millis(stats));
    }

    private static double millis(SideStats stats) {
        return stats.p99().toNanos() / 1e6;
    }

    /** At most four significant digits, no exponent: 0.05097, 0.01, 1.5. */
    static String number(double value) {
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
