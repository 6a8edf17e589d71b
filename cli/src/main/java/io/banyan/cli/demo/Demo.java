package io.banyan.cli.demo;

import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.primitives.time.Durations;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The demo's script: start the mesh, wait for readiness, warm up, send live traffic while printing a
 * table every interval, kill orders-2 part-way and later stop orders-1 gracefully (as SIGTERM does), counting the
 * requests that fail after each, then say where to look and run the checks.
 */
public final class Demo {

    /** Exit code when stopped with Ctrl-C before the checks. */
    public static final int INTERRUPTED = 130;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final DemoOptions options;
    private final PrintWriter out;
    private final StopSignal stop;

    /** A demo printing to {@code out} that ends early, cleanly, on {@code stop} (Ctrl-C). */
    public Demo(DemoOptions options, PrintWriter out, StopSignal stop) {
        this.options = options;
        this.out = out;
        this.stop = stop;
    }

    /** Runs the demo; 0 when every check passes, 1 when one fails, 130 when stopped early. */
    public int run() throws Exception {
        out.printf("Banyan demo: 3 x orders (orders-3 flaky: 503 on %.0f%% of its requests, passed through by the mesh),"
                + " a client sidecar 'web', %d clients, %s of traffic; %s is killed at %s, %s stopped gracefully at %s.%n",
                options.flakyRate() * 100, options.clients(), Durations.format(options.duration()), DemoMesh.VICTIM,
                Durations.format(options.killTime()), DemoMesh.STOPPED, Durations.format(options.stopTime()));
        try (DemoMesh mesh = DemoMesh.start(options, out)) {
            out.println("waiting for sidecars and the registry ...");
            out.flush();
            mesh.awaitReady(READY_TIMEOUT, stop);
            warmUp(mesh);
            if (stop.stopped()) {
                return interrupted();
            }
            printLines("where to look while it runs:", mesh.whereToLook());
            List<IntervalReport> history = traffic(mesh);
            if (stop.stopped()) {
                return interrupted();
            }
            printLines("registry now:", mesh.registryView());
            printLines("where to look:", mesh.whereToLook());
            return verdict(mesh, history);
        }
    }

    /** Sends requests one at a time until every instance has answered through the mesh. */
    private void warmUp(DemoMesh mesh) throws InterruptedException {
        HttpClient client = TrafficGenerator.newClient();
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (seen.size() < mesh.instanceNames().size() && !stop.stopped()) {
            Outcome outcome = TrafficGenerator.send(client, mesh.target());
            if (outcome.success()) {
                seen.add(outcome.instance());
            } else if (stop.await(Duration.ofMillis(100))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailure("warm-up: only " + seen + " answered through the mesh within "
                        + READY_TIMEOUT.toSeconds() + "s", ErrorReporter.FAILURE);
            }
        }
    }

    /** Set by the kill task: when orders-2 was actually killed, from the start of traffic. */
    private volatile Duration killedAt;
    /** Set by the stop task: when the graceful stop of orders-1 began, from the start of traffic. */
    private volatile Duration stoppedAt;
    private Disruptions disruptions;

    private List<IntervalReport> traffic(DemoMesh mesh) throws InterruptedException {
        TrafficStats stats = new TrafficStats();
        disruptions = new Disruptions(stats::meshFailures);
        ReportTable table = new ReportTable(mesh.instanceNames());
        List<IntervalReport> history = new ArrayList<>();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "demo-events"); // the report, and the events (a stop blocks)
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // Ctrl-C: no event after the traffic
        long startNanos = System.nanoTime();
        out.println(table.header());
        out.flush();
        try (TrafficGenerator generator = new TrafficGenerator(mesh.target(), options.clients(), stats::record)) {
            generator.start();
            long intervalMillis = options.interval().toMillis();
            scheduler.scheduleAtFixedRate(() -> {
                IntervalReport report = stats.cut(elapsed(startNanos));
                history.add(report);
                out.println(table.row(report));
                out.flush();
            }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
            scheduler.schedule(() -> {
                killedAt = elapsed(startNanos);
                disruptions.begin(DemoChecks.kill(DemoMesh.VICTIM), killedAt);
                mesh.kill(DemoMesh.VICTIM);
                out.printf(">>> %5.1fs killed %s: app stopped, sidecar killed (no deregistration); "
                        + "its registration expires within the TTL (%s), then the control plane pushes the change%n",
                        killedAt.toMillis() / 1000.0, DemoMesh.VICTIM, Durations.format(options.registrationTtl()));
                out.flush();
            }, options.killTime().toMillis(), TimeUnit.MILLISECONDS);
            scheduler.schedule(() -> {
                stoppedAt = elapsed(startNanos);
                disruptions.begin(DemoChecks.gracefulStop(DemoMesh.STOPPED), stoppedAt);
                out.printf(">>> %5.1fs stopping %s gracefully, as SIGTERM does: /ready fails, it deregisters, its "
                        + "listeners serve %s more while the push reaches web, then drain%n",
                        stoppedAt.toMillis() / 1000.0, DemoMesh.STOPPED, Durations.format(DemoControlPlane.DRAIN_DELAY));
                out.flush();
                mesh.stopGracefully(DemoMesh.STOPPED);
                out.printf(">>> %5.1fs %s stopped%n", elapsed(startNanos).toMillis() / 1000.0, DemoMesh.STOPPED);
                out.flush();
            }, options.stopTime().toMillis(), TimeUnit.MILLISECONDS);
            stop.await(options.duration());
            disruptions.end(elapsed(startNanos));
            scheduler.shutdown();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } finally {
            scheduler.shutdownNow();
        }
        IntervalReport last = stats.cut(elapsed(startNanos));
        if (last.end().minus(last.start()).toMillis() >= 100) {
            history.add(last);
            out.println(table.row(last));
        }
        out.flush();
        return history;
    }

    private int verdict(DemoMesh mesh, List<IntervalReport> history) {
        Duration killTime = killedAt == null ? options.killTime() : killedAt;
        Duration stopTime = stoppedAt == null ? options.stopTime() : stoppedAt;
        DemoChecks checks = new DemoChecks(mesh.instanceNames(), DemoMesh.VICTIM, killTime, DemoMesh.STOPPED,
                stopTime, options.registrationTtl(), options.minSuccessRate());
        List<CheckResult> results = checks.evaluate(history, disruptions.windows());
        out.println("checks:");
        results.forEach(result -> out.println("  " + result));
        List<String> failed = results.stream().filter(result -> !result.passed()).map(CheckResult::name).toList();
        if (failed.isEmpty()) {
            out.println("demo passed: all " + results.size() + " checks hold");
        } else {
            out.println("demo FAILED: " + String.join("; ", failed));
        }
        out.flush();
        return failed.isEmpty() ? 0 : ErrorReporter.FAILURE;
    }

    private int interrupted() {
        out.println("demo stopped before its end: no checks run");
        out.flush();
        return INTERRUPTED;
    }

    private void printLines(String title, List<String> lines) {
        out.println(title);
        lines.forEach(line -> out.println("  " + line));
        out.flush();
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
