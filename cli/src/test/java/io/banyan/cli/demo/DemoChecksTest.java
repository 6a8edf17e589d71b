package io.banyan.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoChecksTest {

    private static final List<String> INSTANCES = List.of("orders-1", "orders-2", "orders-3");
    // 20 s run, kill at 6 s, TTL 3 s: out of rotation from 10.5 s; orders-1 stopped gracefully at 13 s, out from 14.5 s.
    private final DemoChecks checks = new DemoChecks(INSTANCES, "orders-2", Duration.ofSeconds(6), "orders-1",
            Duration.ofSeconds(13), Duration.ofSeconds(3), 0.95);
    private static final List<Disruption> QUIET = List.of(
            new Disruption("the kill of orders-2", Duration.ofSeconds(6), Duration.ofSeconds(13), 0),
            new Disruption("the graceful stop of orders-1", Duration.ofSeconds(13), Duration.ofSeconds(20), 0));

    @Test
    void healthyRunPassesEveryCheck() {
        List<CheckResult> results = checks.evaluate(healthyRun(), QUIET);

        assertThat(results).hasSize(7).allSatisfy(result -> assertThat(result.passed()).as(result.toString()).isTrue());
        assertThat(results).extracting(CheckResult::name).containsExactly(
                "every instance served traffic before the kill",
                "orders-2 served nothing after its TTL plus a push",
                "traffic moved to the others without mesh failures",
                "orders-1 served nothing after its graceful stop plus a push",
                "the kill of orders-2 cost no request",
                "the graceful stop of orders-1 cost no request",
                "success rate >= 95.0% (the flaky app's own 503s counted apart)");
        assertThat(results.get(2).detail()).contains("orders-1=300 orders-3=1200");
        assertThat(results.get(3).detail()).isEqualTo("intervals from 14.5s (stop 13.0s + push 1.5s): orders-1=0");
        assertThat(results.get(5).detail()).isEqualTo("from 13.0s to 20.0s: mesh failures=0");
        assertThat(results.get(6).detail()).contains("app 503s passed through: 25", "0 mesh/client failures");
    }

    @Test
    void oneFailedRequestAfterTheKillOrAfterTheGracefulStopFailsItsCheck() {
        List<CheckResult> afterKill = checks.evaluate(healthyRun(), List.of(
                new Disruption("the kill of orders-2", Duration.ofSeconds(6), Duration.ofSeconds(13), 1),
                QUIET.get(1)));
        List<CheckResult> afterStop = checks.evaluate(healthyRun(), List.of(QUIET.get(0),
                new Disruption("the graceful stop of orders-1", Duration.ofSeconds(13), Duration.ofSeconds(20), 1)));

        assertThat(afterKill.get(4).passed()).isFalse();
        assertThat(afterKill.get(4).detail()).isEqualTo("from 6.0s to 13.0s: mesh failures=1");
        assertThat(afterKill.get(5).passed()).isTrue();
        assertThat(afterStop.get(4).passed()).isTrue();
        assertThat(afterStop.get(5).passed()).isFalse();
    }

    @Test
    void aDisruptionThatNeverHappenedFailsItsCheck() {
        List<CheckResult> results = checks.evaluate(healthyRun(), QUIET.subList(0, 1));

        assertThat(results.get(5).passed()).isFalse();
        assertThat(results.get(5).detail()).isEqualTo("it did not happen before the traffic ended");
    }

    @Test
    void theStoppedInstanceStillServingAfterItsStopPlusAPushFails() {
        List<IntervalReport> run = new java.util.ArrayList<>(healthyRun());
        run.set(run.size() - 1, interval(18, 2, 0, 300, Map.of()));

        CheckResult result = checks.evaluate(run, QUIET).get(3);

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).endsWith("orders-1=2");
    }

    @Test
    void disruptionsCountTheFailuresOfEachWindow() {
        java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong(3);
        Disruptions disruptions = new Disruptions(failures::get);

        disruptions.begin("the kill of orders-2", Duration.ofSeconds(6));
        failures.addAndGet(2);
        disruptions.begin("the graceful stop of orders-1", Duration.ofSeconds(13));
        disruptions.end(Duration.ofSeconds(20));

        assertThat(disruptions.windows()).containsExactly(
                new Disruption("the kill of orders-2", Duration.ofSeconds(6), Duration.ofSeconds(13), 2),
                new Disruption("the graceful stop of orders-1", Duration.ofSeconds(13), Duration.ofSeconds(20), 0));
    }

    /** 2 s intervals of a 20 s run as it should go: orders-2 gone after the kill, orders-1 after its stop. */
    private static List<IntervalReport> healthyRun() {
        return List.of(
                interval(0, 100, 100, 100, Map.of("app_503", 10L)),
                interval(2, 100, 100, 100, Map.of()),
                interval(4, 100, 100, 100, Map.of()),
                interval(6, 150, 0, 150, Map.of()),
                interval(8, 150, 0, 150, Map.of()),
                interval(10, 150, 0, 150, Map.of()),
                interval(12, 150, 0, 150, Map.of()),
                interval(14, 0, 0, 300, Map.of()),
                interval(16, 0, 0, 300, Map.of()),
                interval(18, 0, 0, 300, Map.of("app_503", 15L)));
    }

    @Test
    void instanceThatNeverServedBeforeTheKillFails() {
        List<CheckResult> results = checks.evaluate(List.of(
                interval(0, 100, 0, 100, Map.of()),
                interval(14, 150, 0, 150, Map.of())), QUIET);

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).detail()).contains("orders-2=0");
    }

    @Test
    void meshFailuresAfterExpiryFail() {
        List<CheckResult> results = checks.evaluate(List.of(
                interval(0, 100, 100, 100, Map.of()),
                interval(14, 150, 0, 150, Map.of("no_healthy_upstream", 1L))), QUIET);

        assertThat(results.get(1).passed()).isTrue();
        assertThat(results.get(2).passed()).isFalse();
        assertThat(results.get(2).detail()).contains("mesh failures=1");
    }

    @Test
    void killedInstanceStillServingAfterExpiryFails() {
        List<CheckResult> results = checks.evaluate(List.of(
                interval(0, 100, 100, 100, Map.of()),
                interval(14, 150, 3, 150, Map.of())), QUIET);

        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(1).detail()).endsWith("orders-2=3");
    }

    @Test
    void tooShortARunCannotShowTheExpiry() {
        List<CheckResult> results = checks.evaluate(List.of(interval(0, 100, 100, 100, Map.of())), QUIET);

        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(1).detail()).contains("run the demo longer");
    }

    @Test
    void successRateBelowThresholdFailsButAppFailuresDoNotCount() {
        List<CheckResult> lowRate = checks.evaluate(List.of(
                interval(0, 30, 30, 30, Map.of("upstream_reset", 10L))), QUIET);
        List<CheckResult> appOnly = checks.evaluate(List.of(
                interval(0, 30, 30, 30, Map.of("app_503", 50L))), QUIET);

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
