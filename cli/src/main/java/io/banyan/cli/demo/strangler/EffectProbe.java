package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.Outcome;
import io.banyan.cli.demo.StopSignal;
import io.banyan.cli.demo.TrafficGenerator;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ErrorReporter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells when a step's routes are in effect at the gateway, by asking it: a path moved whole answers from its one
 * server {@value #IN_A_ROW} times in a row (under a 10 % canary that is a chance of 10^-20); a canary path has
 * answered from both sides; with the monolith retired, a path no route matches answers {@code 404 no_route}.
 * Its requests are counted like the load's, once the gateway is open.
 */
final class EffectProbe {

    static final int IN_A_ROW = 20;
    private static final Duration PAUSE_AFTER_MISS = Duration.ofMillis(50);

    private final HttpClient client = TrafficGenerator.newClient();
    private final PathTally tally;
    private final StopSignal stop;
    private final Duration timeout;

    EffectProbe(PathTally tally, StopSignal stop, Duration timeout) {
        this.tally = tally;
        this.stop = stop;
        this.timeout = timeout;
    }

    /** Blocks until {@code step} is in effect; false when stopped first. {@code counted}: the gateway is open. */
    boolean await(MigrationStep step, List<URI> targets, URI unrouted, boolean counted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (URI target : targets) {
            Set<String> expected = step.servers(target.getPath());
            Set<String> seen = new HashSet<>();
            int inARow = 0;
            while (expected.size() == 1 ? inARow < IN_A_ROW : !seen.containsAll(expected)) {
                Outcome outcome = TrafficGenerator.send(client, target);
                if (counted) {
                    tally.record(target, outcome);
                }
                boolean hit = outcome.success() && expected.contains(outcome.instance());
                seen.add(outcome.instance());
                inARow = hit ? inARow + 1 : 0;
                if (!pace(hit, deadline, step)) {
                    return false;
                }
            }
        }
        while (!step.monolithRegistered() && !unroutedAnswersNoRoute(unrouted)) {
            if (!pace(false, deadline, step)) {
                return false;
            }
        }
        return true;
    }

    private boolean pace(boolean hit, long deadline, MigrationStep step) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new CommandFailure("'" + step.title() + "' not in effect at the gateway within " + timeout.toSeconds()
                    + "s", ErrorReporter.FAILURE);
        }
        return hit ? !stop.stopped() : !stop.await(PAUSE_AFTER_MISS);
    }

    private boolean unroutedAnswersNoRoute(URI unrouted) throws InterruptedException {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(unrouted).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 404
                    && "no_route".equals(response.headers().firstValue("x-banyan-error").orElse(""));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
