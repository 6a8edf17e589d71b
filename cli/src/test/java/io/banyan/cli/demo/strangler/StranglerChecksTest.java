package io.banyan.cli.demo.strangler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.banyan.cli.demo.CheckResult;
import io.banyan.cli.demo.Outcome;

/** The tally counts by path and server within bounds; the checks pass a clean migration and name what went wrong. */
class StranglerChecksTest {

    private final StranglerPlan plan = StranglerPlan.chapter();
    private final PathTally tally = new PathTally(plan.paths(),
            Set.of("monolith", "orders", "users", "payments"));

    @Test
    void tallyCountsByPathAndServerAndBoundsWhatItDoesNotKnow() {
        tally.record(uri("/orders"), Outcome.served("orders"));
        tally.record(uri("/orders"), Outcome.served("orders"));
        tally.record(uri("/orders"), Outcome.served("intruder"));
        tally.record(uri("/x"), Outcome.served("monolith"));
        for (int i = 0; i < 40; i++) {
            tally.record(uri("/users"), Outcome.of(502, "token-" + i, null));
        }

        PhaseCounts counts = tally.cut();

        assertThat(counts.served("/orders", "orders")).isEqualTo(2);
        assertThat(counts.served("/orders", PathTally.OTHER)).isEqualTo(1);
        assertThat(counts.served(PathTally.OTHER, "monolith")).isEqualTo(1);
        assertThat(counts.failures()).hasSize(PathTally.MAX_FAILURE_KINDS + 1)
                .containsEntry("/users other", 40L - PathTally.MAX_FAILURE_KINDS);
        assertThat(counts.failed()).isEqualTo(40);
        assertThat(counts.requests()).isEqualTo(44);
        assertThat(tally.cut().requests()).as("a cut starts afresh").isZero();
    }

    @Test
    void aCleanMigrationPassesEveryCheck() {
        List<CheckResult> checks = StranglerChecks.evaluate(cleanRun());

        assertThat(checks).hasSize(1 + 8 + 1).allMatch(CheckResult::passed, "passed");
        assertThat(checks.get(0).detail()).isEqualTo("4320 requests, 0 failed");
    }

    @Test
    void aFailedRequestInATransitionFailsTheRun() {
        List<PhaseResult> results = cleanRun();
        tally.record(uri("/orders"), Outcome.of(503, "no_healthy_upstream", null));
        PhaseResult second = results.get(1);
        results.set(1, new PhaseResult(second.step(), tally.cut(), second.settled()));

        CheckResult noFailures = StranglerChecks.evaluate(results).get(0);

        assertThat(noFailures.passed()).isFalse();
        assertThat(noFailures.detail()).endsWith("failed: orders takes 10 % of /orders: /orders no_healthy_upstream=1");
    }

    @Test
    void aCanaryThatNeverReachedTheNewServiceFails() {
        List<PhaseResult> results = cleanRun();
        results.set(1, run(plan.steps().get(1), plan.steps().get(0), plan.steps().get(0)));

        CheckResult canary = StranglerChecks.evaluate(results).get(2);

        assertThat(canary.passed()).isFalse();
        assertThat(canary.detail()).startsWith("/orders monolith=100 (expected: monolith and orders)");
    }

    @Test
    void aMonolithAnsweringAfterItsDeregistrationFails() {
        List<PhaseResult> results = cleanRun();
        results.set(7, run(plan.steps().get(7), plan.steps().get(6), plan.steps().get(5)));

        List<CheckResult> checks = StranglerChecks.evaluate(results);

        assertThat(checks.get(8).passed()).isFalse();
        assertThat(checks.get(9).passed()).isFalse();
        assertThat(checks.get(9).detail()).isEqualTo("540 requests after it, monolith=90");
    }

    @Test
    void theTableShowsWhoServedEachPath() {
        assertThat(PhaseTable.render(2, 8, cleanRun().get(1))).containsExactly(
                "[2/8] orders takes 10 % of /orders: 300 requests, 0 failed (while it took effect: 240 requests, 0 failed)",
                "  /orders    ->  monolith 90 (90.0 %)  orders 10 (10.0 %)",
                "  /users     ->  monolith 100 (100.0 %)",
                "  /payments  ->  monolith 100 (100.0 %)");
    }

    /** Every step: 100 requests a path, split as routed; its transition served as the previous step routed. */
    private List<PhaseResult> cleanRun() {
        List<PhaseResult> results = new ArrayList<>();
        List<MigrationStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            results.add(run(steps.get(i), steps.get(Math.max(0, i - 1)), steps.get(i)));
        }
        return results;
    }

    /** A step whose transition (80 requests a path) and settled stretch (100) were served as those steps route. */
    private PhaseResult run(MigrationStep step, MigrationStep transitionAs, MigrationStep settledAs) {
        serve(transitionAs, 80);
        PhaseCounts transition = tally.cut();
        serve(settledAs, 100);
        return new PhaseResult(step, transition, tally.cut());
    }

    private void serve(MigrationStep step, int perPath) {
        for (PathShare share : step.shares()) {
            int onService = perPath * share.percent() / 100;
            for (int i = 0; i < perPath; i++) {
                tally.record(uri(share.path()), Outcome.served(i < onService ? share.service() : "monolith"));
            }
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:1" + path);
    }
}
