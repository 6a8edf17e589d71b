package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.CheckResult;
import io.banyan.cli.demo.Outcome;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad release's check on plain counts: rolled back by the guard with its callers' failures within the guard's
 * bound passes; a guard that waited, an operator's rollback, or no rollback at all fails.
 */
class BadReleaseCheckTest {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final GuardTrip BY_GUARD = new GuardTrip("2026-12-07T07:30:01Z", "guard",
            "guard: to error rate 0.19 > maxErrorRate 0.02 over 30s (57 requests)", 57);

    private final StranglerPlan plan = StranglerPlan.chapter();
    private final PathTally tally = new PathTally(plan.paths(),
            Set.of("monolith", "orders", "users", "payments", "orders-next"));

    @Test
    void theBoundIsMinRequestsPlusTheReleasesShareOverSixIntervalsAndASecond() {
        assertThat(BadReleaseCheck.allowedRequests(1000, INTERVAL)).as("50 + 25 % of 1000/s over 4 s").isEqualTo(1050);
        assertThat(BadReleaseCheck.allowedFailures(1050)).as("2 x 0.2 x 1050 + 5").isEqualTo(425);
        assertThat(BadReleaseCheck.allowedRequests(0, INTERVAL)).isEqualTo(50);
    }

    @Test
    void aPromptRollbackByTheGuardPasses() {
        CheckResult check = BadReleaseCheck.evaluate(result(240, 48, 12, Duration.ofSeconds(3), Optional.of(BY_GUARD)),
                INTERVAL);

        assertThat(check.passed()).isTrue();
        assertThat(check.name()).contains("rolled back by its guard", "<= 2 x 0.2 x (minRequests 50 + 25 % of /orders "
                + "over 6 report intervals and 1s) + 5");
        assertThat(check.detail()).isEqualTo("the guard rolled it back after 57 reported requests; callers: orders-next "
                + "took 60 requests, 12 of them 503s; /orders failed 12 times in all (allowed: 65, as 150 requests; "
                + "/orders at 100/s)");
    }

    @Test
    void aGuardThatLetTheReleaseRunItsWholeWindowFails() {
        CheckResult check = BadReleaseCheck.evaluate(result(2250, 600, 150, Duration.ofSeconds(30),
                Optional.of(BY_GUARD)), INTERVAL);

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).endsWith("orders-next took 750 requests, 150 of them 503s; /orders failed 150 "
                + "times in all (allowed: 65, as 150 requests; /orders at 100/s)");
    }

    @Test
    void aMigrationThatBrokeTheWholePathFailsEvenWithAPromptRollback() {
        for (int i = 0; i < 200; i++) {
            tally.record(uri("/orders"), Outcome.of(503, "circuit_open", null));
        }

        CheckResult check = BadReleaseCheck.evaluate(result(240, 48, 12, Duration.ofSeconds(3), Optional.of(BY_GUARD)),
                INTERVAL);

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).endsWith("orders-next took 60 requests, 12 of them 503s; /orders failed 212 times in "
                + "all (allowed: 92, as 217 requests; /orders at 167/s)");
    }

    @Test
    void aRollbackOfAReleaseThatNeverAnsweredShowsNothing() {
        for (int i = 0; i < 60; i++) {
            tally.record(uri("/orders"), Outcome.of(503, "connect_failure", null));
        }

        CheckResult check = BadReleaseCheck.evaluate(result(240, 0, 0, Duration.ofSeconds(3), Optional.of(BY_GUARD)),
                INTERVAL);

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).startsWith("the guard rolled it back, but orders-next answered no request: the "
                + "release never went out");
    }

    @Test
    void noRollbackWithinTheTimeoutFailsLoudly() {
        CheckResult check = BadReleaseCheck.evaluate(result(4500, 1200, 300, Duration.ofSeconds(60), Optional.empty()),
                INTERVAL);

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).startsWith("the guard did not roll orders-next back within 60 s; callers: "
                + "orders-next took 1500 requests, 300 of them 503s");
    }

    @Test
    void aRollbackByAnOperatorIsNotTheGuards() {
        GuardTrip byHand = new GuardTrip("2026-12-07T07:30:01Z", "operator", "", 0);

        CheckResult check = BadReleaseCheck.evaluate(result(240, 48, 12, Duration.ofSeconds(3), Optional.of(byHand)),
                INTERVAL);

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).startsWith("rolled back by operator, not by the guard");
    }

    @Test
    void onlyTheReleasesOwn503sOnOrdersAreExpectedButCallersFeelEveryFailureOnOrders() {
        tally.record(uri("/orders"), Outcome.of(503, null, "orders-next"));
        tally.record(uri("/orders"), Outcome.of(503, "no_healthy_upstream", null));
        tally.record(uri("/users"), Outcome.of(503, null, "monolith"));

        PhaseCounts counts = tally.cut();

        assertThat(BadReleaseCheck.expectedFailures(counts)).isEqualTo(1);
        assertThat(BadReleaseCheck.callersFailures(counts)).as("every failed /orders request").isEqualTo(2);
    }

    /** The phase: /orders served by orders and orders-next, the release's 503s, over {@code elapsed}. */
    private BadReleaseResult result(int byOrders, int byNext, int failed, Duration elapsed, Optional<GuardTrip> trip) {
        for (int i = 0; i < byOrders; i++) {
            tally.record(uri("/orders"), Outcome.served("orders"));
        }
        for (int i = 0; i < byNext; i++) {
            tally.record(uri("/orders"), Outcome.served("orders-next"));
        }
        for (int i = 0; i < failed; i++) {
            tally.record(uri("/orders"), Outcome.of(503, null, "orders-next"));
        }
        return new BadReleaseResult(plan.steps().get(2), tally.cut(), elapsed, trip);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:1" + path);
    }
}
