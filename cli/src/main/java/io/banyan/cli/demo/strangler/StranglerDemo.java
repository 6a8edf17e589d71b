package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.CheckResult;
import io.banyan.cli.demo.Demo;
import io.banyan.cli.demo.StopSignal;
import io.banyan.cli.demo.TrafficGenerator;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.primitives.time.Durations;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The strangler demo's script: start the world, open the gateway with every path on the monolith, then take each
 * step of the plan under continuous load (set the routes, wait until they are in effect, let the step settle) and
 * print who served which path; once {@value BadRelease#FROM} has all of {@value BadRelease#PATH}, send out the bad
 * release as a guarded migration and print the guard's rollback; retire the monolith last, then run the checks.
 */
public final class StranglerDemo {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(30);

    private final StranglerOptions options;
    private final StranglerPlan plan = StranglerPlan.chapter();
    private final PrintWriter out;
    private final StopSignal stop;

    /** A demo printing to {@code out} that ends early, cleanly, on {@code stop} (Ctrl-C). */
    public StranglerDemo(StranglerOptions options, PrintWriter out, StopSignal stop) {
        this.options = options;
        this.out = out;
        this.stop = stop;
    }

    /** Runs the demo; 0 when every check passes, 1 when one fails, 130 when stopped early. */
    public int run() throws Exception {
        out.printf("Banyan strangler demo: a monolith serving %s behind the gateway '%s'; %s move to new services "
                + "one at a time (%d %%, then all) under %d clients, %s a step; once %s has all of %s, a bad release "
                + "of it (%s) goes out as a guarded migration that its guard rolls back; then the monolith is "
                + "retired.%n", String.join(" ", plan.paths()), StranglerMesh.GATEWAY,
                String.join(", ", plan.services()), StranglerPlan.CANARY_PERCENT, options.clients(),
                Durations.format(options.stepTime(plan.steps().size())), BadRelease.FROM, BadRelease.PATH,
                BadRelease.NAME);
        try (StranglerMesh mesh = StranglerMesh.start(plan, out)) {
            out.println("waiting for the sidecars, the gateway and the registry ...");
            out.flush();
            mesh.awaitReady(READY_TIMEOUT, stop);
            if (stop.stopped()) {
                return interrupted();
            }
            printLines("where to look while it runs:", mesh.whereToLook());
            StranglerRun run = migrate(mesh);
            return run == null ? interrupted() : verdict(run);
        }
    }

    /** Every step under load, the bad release after its step; null when stopped first. */
    private StranglerRun migrate(StranglerMesh mesh) throws Exception {
        Set<String> servers = new HashSet<>(plan.services());
        servers.add(MigrationStep.MONOLITH);
        servers.add(BadRelease.NAME);
        PathTally tally = new PathTally(plan.paths(), servers);
        EffectProbe probe = new EffectProbe(tally, stop, EFFECT_TIMEOUT);
        List<URI> targets = mesh.targets(plan.paths());
        List<PhaseResult> results = new ArrayList<>();
        BadReleaseResult badRelease = null;
        int badReleaseAfter = BadRelease.after(plan);
        int phases = plan.steps().size() + 1;
        Duration stepTime = options.stepTime(plan.steps().size());
        TrafficGenerator load = null;
        try {
            for (MigrationStep step : plan.steps()) {
                out.println(">>> " + step.title());
                out.flush();
                mesh.route(step);
                if (!probe.await(step, targets, mesh.unrouted(), load != null)) {
                    return null;
                }
                if (!step.monolithRegistered()) {
                    mesh.retireMonolith();
                }
                if (load == null) {
                    load = new TrafficGenerator(targets, options.clients(), tally::record);
                    load.start();
                }
                PhaseCounts transition = tally.cut();
                if (stop.await(stepTime)) {
                    return null;
                }
                PhaseResult result = new PhaseResult(step, transition, tally.cut());
                results.add(result);
                printLines("", PhaseTable.render(results.size() + (badRelease == null ? 0 : 1), phases, result));
                if (results.size() - 1 == badReleaseAfter) {
                    out.println(">>> " + BadRelease.title());
                    out.flush();
                    badRelease = new BadReleasePhase(mesh.badRelease(), tally, probe, stop)
                            .run(step, mesh.targets(List.of(BadRelease.PATH)).get(0), mesh.unrouted());
                    if (badRelease == null) {
                        return null;
                    }
                    printLines("", PhaseTable.render(results.size() + 1, phases, badRelease));
                }
            }
            if (badRelease == null) {
                throw new IllegalStateException("the plan has no step after which the bad release goes out");
            }
            return new StranglerRun(results, badRelease);
        } finally {
            if (load != null) {
                load.close();
            }
        }
    }

    private int verdict(StranglerRun run) {
        List<CheckResult> checks = StranglerChecks.evaluate(run.steps(), run.badRelease(),
                BadRelease.LOAD_REPORT_INTERVAL);
        out.println("checks:");
        checks.forEach(check -> out.println("  " + check));
        List<String> failed = checks.stream().filter(check -> !check.passed()).map(CheckResult::name).toList();
        out.println(failed.isEmpty() ? "strangler demo passed: all " + checks.size() + " checks hold"
                : "strangler demo FAILED: " + String.join("; ", failed));
        out.flush();
        return failed.isEmpty() ? 0 : ErrorReporter.FAILURE;
    }

    private int interrupted() {
        out.println("strangler demo stopped before its end: no checks run");
        out.flush();
        return Demo.INTERRUPTED;
    }

    private void printLines(String title, List<String> lines) {
        if (!title.isEmpty()) {
            out.println(title);
        }
        lines.forEach(line -> out.println((title.isEmpty() ? "" : "  ") + line));
        out.flush();
    }
}
