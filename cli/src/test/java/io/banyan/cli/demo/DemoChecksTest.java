package io.banyan.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoChecksTest {

    private static final List<String> INSTANCES = List.of("orders-1", "orders-2", "orders-3");
    // 20 s run, kill at 8 s, TTL 3 s: out of rotation from 12.5 s.
    private final DemoChecks checks = new DemoChecks(INSTANCES, "orders-2", Duration.ofSeconds(8), Duration.ofSeconds(3), 0.95);

    @Test
    void healthyRunPassesEveryCheck() {
        List<CheckResult> results = checks.evaluate(List.of(
                interval(0, 100, 100, 100, Map.of("app_503", 10L)),
                interval(2, 100, 100, 100, Map.of()),
                interval(4, 100, 100, 100, Map.of()),
                interval(6, 100, 100, 100, Map.of()),
                interval(8, 150, 0, 150, Map.of()),
                interval(10, 150, 0, 150, Map.of()),
                interval(12, 150, 0, 150, Map.of()),
                interval(14, 150, 0, 150, Map.of("app_503", 15L))));

        assertThat(results).hasSize(5).allSatisfy(result -> assertThat(result.passed()).as(result.toString()).isTrue());
        assertThat(results.get(4).detail()).contains("app 503s passed through: 25", "0 mesh/client failures");
    }

    @Test
    void meshFailuresRightAfterTheKillFail() {
        List<CheckResult> results = checks.evaluate(List.of(
                interval(0, 100, 100, 100, Map.of("upstream_reset", 1L)), // before the kill: not the kill's
                interval(6, 100, 100, 100, Map.of()),
                interval(8, 150, 0, 150, Map.of("connect_failure", 5L)),
                interval(14, 150, 0, 150, Map.of())));

        assertThat(results.get(2).passed()).as("after the expiry").isTrue();
        assertThat(results.get(3).passed()).isFalse();
        assertThat(results.get(3).detail()).isEqualTo("intervals from the kill (8.0s): mesh failures=5");
    }

    @Test
    void instanceThatNeverServedBeforeTheKillFails() {
        List<CheckResult> results = checks.evaluate(List.of(
                interval(0, 100, 0, 100, Map.of()),
                interval(14, 150, 0, 150, Map.of())));

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).detail()).contains("orders-2=0");
    }

    @Test
    void meshFailuresAfterExpiryFail() {
        List<CheckResult> results = checks.evaluate(List.of(
                interval(0, 100, 100, 100, Map.of()),
                interval(14, 150, 0, 150, Map.of("no_healthy_upstream", 1L))));

        assertThat(results.get(1).passed()).isTrue();
        assertThat(results.get(2).passed()).isFalse();
        assertThat(results.get(2).detail()).contains("mesh failures=1");
    }

    @Test
    void killedInstanceStillServingAfterExpiryFails() {
        List<CheckResult> results = checks.evaluate(List.of(
                interval(0, 100, 100, 100, Map.of()),
                interval(14, 150, 3, 150, Map.of())));

        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(1).detail()).endsWith("orders-2=3");
    }

    @Test
    void tooShortARunCannotShowTheExpiry() {
        List<CheckResult> results = checks.evaluate(List.of(interval(0, 100, 100, 100, Map.of())));

        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(1).detail()).contains("run the demo longer");
    }

    @Test
    void successRateBelowThresholdFailsButAppFailuresDoNotCount() {
        List<CheckResult> lowRate = checks.evaluate(List.of(
                interval(0, 30, 30, 30, Map.of("upstream_reset", 10L))));
        List<CheckResult> appOnly = checks.evaluate(List.of(
                interval(0, 30, 30, 30, Map.of("app_503", 50L))));

        CheckResult low = lowRate.get(lowRate.size() - 1);
        CheckResult app = appOnly.get(appOnly.size() - 1);
        assertThat(low.passed()).isFalse();
        assertThat(low.name()).contains(">= 95.0%");
        assertThat(app.passed()).isTrue();
    }

    @Test
    void outcomesAreClassifiedByWhoFailed() {
        assertThat(Outcome.of(200, null, "orders-1")).isEqualTo(Outcome.served("orders-1"));
        assertThat(Outcome.of(503, null, "orders-3").appFailure()).isTrue();
        assertThat(Outcome.of(503, "no_healthy_upstream", null).failure()).isEqualTo("no_healthy_upstream");
        assertThat(Outcome.of(502, null, null).failure()).isEqualTo("status_502");
        assertThat(Outcome.clientError(new java.net.ConnectException()).failure()).isEqualTo("client_ConnectException");
    }

    @Test
    void statsCutIntervalsAndTheTableAccumulates() {
        TrafficStats stats = new TrafficStats();
        stats.record(Outcome.served("orders-1"));
        stats.record(Outcome.served("orders-1"));
        stats.record(Outcome.of(503, "circuit_open", null));
        IntervalReport first = stats.cut(Duration.ofSeconds(2));
        stats.record(Outcome.served("orders-3"));
        IntervalReport second = stats.cut(Duration.ofSeconds(4));
        ReportTable table = new ReportTable(INSTANCES);

        assertThat(first.served("orders-1")).isEqualTo(2);
        assertThat(first.meshFailures()).isEqualTo(1);
        assertThat(second.start()).isEqualTo(Duration.ofSeconds(2));
        assertThat(second.successes()).isEqualTo(1);
        assertThat(table.row(first)).contains("circuit_open=1 (1)");
        assertThat(table.row(second)).contains("circuit_open=0 (1)").contains("0 (        2)");
    }

    private static IntervalReport interval(int startSeconds, long o1, long o2, long o3, Map<String, Long> failures) {
        return new IntervalReport(Duration.ofSeconds(startSeconds), Duration.ofSeconds(startSeconds + 2),
                Map.of("orders-1", o1, "orders-2", o2, "orders-3", o3), failures);
    }
}
