package io.banyan.controlplane.migration;

import io.banyan.controlplane.loadstats.SideStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.banyan.controlplane.migration.FakeLoadWindow.stats;
import static org.assertj.core.api.Assertions.assertThat;

/** Each guard field at its boundary: above the maximum is a breach, equal is not; no verdict below minRequests. */
class MigrationGuardTest {

    private static final Duration FAST = Duration.ofMillis(10);
    private final MigrationGuard guard = new MigrationGuard();

    private static Guard guard(Double maxErrorRate, Double maxIncrease, Double maxP99Ratio, int minRequests) {
        return new Guard(maxErrorRate, maxIncrease, maxP99Ratio, minRequests, Duration.ofMinutes(1));
    }

    @Test
    void anErrorRateAboveTheMaximumIsABreachAndEqualToItIsNot() {
        Guard max = guard(0.01, null, null, 100);

        Verdict equal = guard.judge(max, SideStats.EMPTY, "to", stats(100, 1, FAST));
        Verdict above = guard.judge(max, SideStats.EMPTY, "to", stats(100, 2, FAST));

        assertThat(equal.outcome()).isEqualTo(Verdict.Outcome.HEALTHY);
        assertThat(above.outcome()).isEqualTo(Verdict.Outcome.BREACH);
        assertThat(above.reason()).isEqualTo("guard: to error rate 0.02 > maxErrorRate 0.01 over 1m (100 requests)");
        assertThat(above.figures()).containsEntry("toRequests", 100L).containsEntry("toErrors", 2L)
                .containsEntry("toErrorRate", 0.02);
    }

    @Test
    void belowMinRequestsOnTheNewSideThereIsNoVerdictHoweverBad() {
        Verdict verdict = guard.judge(guard(0.01, null, null, 100), SideStats.EMPTY, "to", stats(99, 99, FAST));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.TOO_FEW);
        assertThat(verdict.reason()).isNull();
    }

    @Test
    void anIncreaseOverTheOldSideCountsOnlyWhenTheOldSideHasMinRequests() {
        Guard max = guard(null, 0.01, null, 100);
        SideStats next = stats(100, 3, FAST);

        assertThat(guard.judge(max, stats(100, 2, FAST), "to", next).outcome()).as("0.03 - 0.02 = 0.01: equal")
                .isEqualTo(Verdict.Outcome.HEALTHY);
        Verdict breach = guard.judge(max, stats(100, 1, FAST), "to", next);
        assertThat(breach.outcome()).isEqualTo(Verdict.Outcome.BREACH);
        assertThat(breach.reason()).isEqualTo("guard: to error rate 0.03 - from error rate 0.01 >"
                + " maxErrorRateIncrease 0.01 over 1m (100 and 100 requests)");
        assertThat(guard.judge(max, stats(99, 0, FAST), "to", next).outcome()).as("old side below minRequests")
                .isEqualTo(Verdict.Outcome.HEALTHY);
    }

    @Test
    void aP99RatioAboveTheMaximumIsABreachAndEqualIsNot() {
        Guard max = guard(null, null, 2.0, 10);
        SideStats from = stats(10, 0, Duration.ofMillis(100));

        Verdict same = guard.judge(max, from, "shadow", stats(10, 0, Duration.ofMillis(100)));
        Verdict slow = guard.judge(max, from, "shadow", stats(10, 0, Duration.ofMillis(400)));

        assertThat(same.outcome()).isEqualTo(Verdict.Outcome.HEALTHY);
        assertThat(slow.outcome()).isEqualTo(Verdict.Outcome.BREACH);
        assertThat(slow.reason()).startsWith("guard: shadow p99 ").contains(" > maxP99Ratio 2 over 1m (10 and 10 requests)");
        assertThat(slow.figures()).containsKeys("shadowRequests", "shadowP99Ms", "fromP99Ms");
        assertThat(guard.judge(max, stats(9, 0, Duration.ofMillis(100)), "shadow", stats(10, 0, Duration.ofMillis(400)))
                .outcome()).as("old side below minRequests").isEqualTo(Verdict.Outcome.HEALTHY);
    }

    @Test
    void withEveryCheckOffEnoughRequestsAreHealthy() {
        assertThat(guard.judge(Guard.DEFAULT, SideStats.EMPTY, "to", stats(100, 100, FAST)).outcome())
                .isEqualTo(Verdict.Outcome.HEALTHY);
    }
}
