package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.CheckResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The strangler demo's verdict from the counts alone (plain logic, unit-tested): no request failed, in any step or
 * transition, but the bad release's own 503s; each step's settled stretch was split as the step says (a canary: both
 * the monolith and the new service served the path; all: only the new service did); the bad release was rolled back
 * by its guard, its callers' failures within what the guard allows ({@link BadReleaseCheck}); the monolith served
 * nothing once it was deregistered.
 */
public final class StranglerChecks {

    private StranglerChecks() {
    }

    /** The checks of the steps' {@code results} and the bad release's, judged at {@code loadReportInterval}. */
    public static List<CheckResult> evaluate(List<PhaseResult> results, BadReleaseResult badRelease,
                                             Duration loadReportInterval) {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(noFailures(results, badRelease));
        for (int i = 0; i < results.size(); i++) {
            checks.add(split(i + 1, results.get(i)));
        }
        checks.add(BadReleaseCheck.evaluate(badRelease, loadReportInterval));
        checks.add(monolithIdleWhenRetired(results));
        return checks;
    }

    private static CheckResult noFailures(List<PhaseResult> results, BadReleaseResult badRelease) {
        long requests = 0;
        List<String> failures = new ArrayList<>();
        for (PhaseResult result : results) {
            for (PhaseCounts counts : List.of(result.transition(), result.settled())) {
                requests += counts.requests();
                counts.failures().forEach((kind, count) -> failures.add(result.step().title() + ": " + kind + "=" + count));
            }
        }
        PhaseCounts release = badRelease.counts();
        long expected = BadReleaseCheck.expectedFailures(release);
        requests += release.requests();
        release.failures().entrySet().stream().filter(kind -> !kind.getKey().equals(BadRelease.EXPECTED_FAILURE))
                .sorted(Map.Entry.comparingByKey())
                .forEach(kind -> failures.add("the bad release: " + kind.getKey() + "=" + kind.getValue()));
        return new CheckResult("no request failed, in any step or transition, but the bad release's own 503s "
                + "(" + BadRelease.EXPECTED_FAILURE + ")", requests > 0 && failures.isEmpty(),
                requests + " requests" + (failures.isEmpty() ? ", 0 failed" : ", failed: " + String.join("; ", failures))
                        + " (and " + expected + " 503s of " + BadRelease.NAME + ")");
    }

    private static CheckResult split(int number, PhaseResult result) {
        MigrationStep step = result.step();
        PhaseCounts settled = result.settled();
        boolean passed = true;
        List<String> details = new ArrayList<>();
        for (String path : step.paths()) {
            Set<String> expected = step.servers(path);
            Set<String> seen = settled.served().getOrDefault(path, Map.of()).keySet();
            passed &= expected.containsAll(seen) && expected.stream().allMatch(server -> settled.served(path, server) > 0);
            details.add(path + " " + seen.stream().sorted().map(server -> server + "=" + settled.served(path, server))
                    .collect(Collectors.joining(" ")) + " (expected: " + expected.stream().sorted()
                    .collect(Collectors.joining(" and ")) + ")");
        }
        return new CheckResult("step " + number + ", " + step.title() + ": served as routed", passed,
                String.join("; ", details));
    }

    private static CheckResult monolithIdleWhenRetired(List<PhaseResult> results) {
        List<PhaseResult> retired = results.stream().filter(result -> !result.step().monolithRegistered()).toList();
        long served = retired.stream().mapToLong(result -> result.transition().servedBy(MigrationStep.MONOLITH)
                + result.settled().servedBy(MigrationStep.MONOLITH)).sum();
        long requests = retired.stream().mapToLong(result -> result.transition().requests() + result.settled().requests())
                .sum();
        return new CheckResult("the monolith served nothing once deregistered", requests > 0 && served == 0,
                retired.isEmpty() ? "no step after the deregistration"
                        : requests + " requests after it, monolith=" + served);
    }
}
