package io.banyan.cli.demo.strangler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.banyan.cli.demo.CheckResult;
import io.banyan.cli.demo.Outcome;

/** The tally counts by path and server within bounds; the checks pass a clean migration and name what went wrong. */
class StranglerChecksTest {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final GuardTrip BY_GUARD = new GuardTrip("2026-12-07T07:30:01Z", "guard",
            "guard: to error rate 0.19 > maxErrorRate 0.02 over 30s (57 requests)", 57);

    private final StranglerPlan plan = StranglerPlan.chapter();
    private final PathTally tally = new PathTally(plan.paths(),
            Set.of("monolith", "orders", "users", "payments", "orders-next"));

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
        List<CheckResult> checks = StranglerChecks.evaluate(cleanRun(), badRelease(), INTERVAL);

        assertThat(checks).hasSize(1 + 8 + 1 + 1).allMatch(CheckResult::passed, "passed");
        assertThat(checks.get(0).name()).isEqualTo("no request failed, in any step or transition, but the bad "
                + "release's own 503s (/orders app_503)");
        assertThat(checks.get(0).detail()).isEqualTo("4620 requests, 0 failed (and 12 503s of orders-next)");
        assertThat(checks.get(9).detail()).startsWith("the guard rolled it back after 57 reported requests");
    }

    @Test
    void aFailedRequestInATransitionFailsTheRun() {
        List<PhaseResult> results = cleanRun();
        tally.record(uri("/orders"), Outcome.of(503, "no_healthy_upstream", null));
        PhaseResult second = results.get(1);
        results.set(1, new PhaseResult(second.step(), tally.cut(), second.settled()));

        CheckResult noFailures = StranglerChecks.evaluate(results, badRelease(), INTERVAL).get(0);

        assertThat(noFailures.passed()).isFalse();
        assertThat(noFailures.detail()).endsWith("failed: orders takes 10 % of /orders: /orders no_healthy_upstream=1 "
                + "(and 12 503s of orders-next)");
    }

    @Test
    void aMeshFailureDuringTheBadReleaseFailsTheRun() {
        List<PhaseResult> results = cleanRun();
        tally.record(uri("/orders"), Outcome.of(503, "no_healthy_upstream", null));
        tally.record(uri("/users"), Outcome.of(503, null, "monolith"));
        serve(plan.steps().get(2), 100);
        BadReleaseResult release = new BadReleaseResult(plan.steps().get(2), tally.cut(), Duration.ofSeconds(3),
                Optional.of(BY_GUARD));

        CheckResult noFailures = StranglerChecks.evaluate(results, release, INTERVAL).get(0);

        assertThat(noFailures.passed()).isFalse();
        assertThat(noFailures.detail()).endsWith("failed: the bad release: /orders no_healthy_upstream=1; "
                + "the bad release: /users app_503=1 (and 0 503s of orders-next)");
    }

    @Test
    void aBadReleaseTheGuardDidNotRollBackFailsTheRun() {
        BadReleaseResult release = badRelease();
        BadReleaseResult stuck = new BadReleaseResult(release.routes(), release.counts(), Duration.ofSeconds(60),
                Optional.empty());

        List<CheckResult> checks = StranglerChecks.evaluate(cleanRun(), stuck, INTERVAL);

        assertThat(checks.get(0).passed()).as("its 503s are expected").isTrue();
        assertThat(checks.get(9).passed()).isFalse();
        assertThat(checks.get(9).detail()).startsWith("the guard did not roll orders-next back within 60 s");
    }

    @Test
    void aCanaryThatNeverReachedTheNewServiceFails() {
        List<PhaseResult> results = cleanRun();
        results.set(1, run(plan.steps().get(1), plan.steps().get(0), plan.steps().get(0)));

        CheckResult canary = StranglerChecks.evaluate(results, badRelease(), INTERVAL).get(2);

        assertThat(canary.passed()).isFalse();
        assertThat(canary.detail()).startsWith("/orders monolith=100 (expected: monolith and orders)");
    }

    @Test
    void aMonolithAnsweringAfterItsDeregistrationFails() {
        List<PhaseResult> results = cleanRun();
        results.set(7, run(plan.steps().get(7), plan.steps().get(6), plan.steps().get(5)));

        List<CheckResult> checks = StranglerChecks.evaluate(results, badRelease(), INTERVAL);

        assertThat(checks.get(8).passed()).isFalse();
        assertThat(checks.get(10).passed()).isFalse();
        assertThat(checks.get(10).detail()).isEqualTo("540 requests after it, monolith=90");
    }

    @Test
    void theTableShowsWhoServedEachPath() {
        assertThat(PhaseTable.render(2, 8, cleanRun().get(1))).containsExactly(
                "[2/8] orders takes 10 % of /orders: 300 requests, 0 failed (while it took effect: 240 requests, 0 failed)",
                "  /orders    ->  monolith 90 (90.0 %)  orders 10 (10.0 %)",
                "  /users     ->  monolith 100 (100.0 %)",
                "  /payments  ->  monolith 100 (100.0 %)");
    }

    @Test
    void theBadReleasesTableShowsBothSidesAndTheGuardsEvent() {
        assertThat(PhaseTable.render(4, 9, badRelease())).containsExactly(
                "[4/9] a bad release of orders (orders-next: 1 answer in 5 is a 503) goes out as a guarded migration: "
                        + "300 requests, 12 failed (12 of them the release's own 503s)",
                "  /orders    ->  orders-next 48 (54.5 %)  orders 40 (45.5 %)",
                "  /users     ->  monolith 100 (100.0 %)",
                "  /payments  ->  monolith 100 (100.0 %)",
                "  2026-12-07T07:30:01Z guard rolled orders-next back: guard: to error rate 0.19 > maxErrorRate 0.02 "
                        + "over 30s (57 requests)",
                "  migration orders-next deleted; /orders served by orders alone again",
                "  FAILED /orders app_503: 12 (the bad release's, expected)");
    }

    /**
     * The bad release after step 3: 100 requests a path, /orders split orders 40, orders-next 48 and 12 of its 503s,
     * over 3 s; rolled back by the guard.
     */
    private BadReleaseResult badRelease() {
        MigrationStep routes = plan.steps().get(2);
        for (int i = 0; i < 100; i++) {
            tally.record(uri("/users"), Outcome.served("monolith"));
            tally.record(uri("/payments"), Outcome.served("monolith"));
            tally.record(uri("/orders"), i < 40 ? Outcome.served("orders") : i < 88 ? Outcome.served("orders-next")
                    : Outcome.of(503, null, "orders-next"));
        }
        return new BadReleaseResult(routes, tally.cut(), Duration.ofSeconds(3), Optional.of(BY_GUARD));
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
