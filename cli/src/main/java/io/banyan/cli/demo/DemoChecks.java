package io.banyan.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The demo's verdict, from the interval history and the disruptions' windows (plain logic, unit-tested): every instance
 * served before the kill; after the killed instance's TTL plus a push, traffic avoided it and the others carried it
 * without mesh failures; after the graceful stop plus a push, the stopped instance served nothing; the overall success
 * rate met the threshold; the kill cost no request (the callers' sidecar retried the refused connects elsewhere before
 * the control plane knew), and neither did the graceful stop (deregistered first, serving through the drain delay,
 * then draining): 0 failures in the window after each, one fails the check.
 */
final class DemoChecks {

    /** Time for the control plane's sweep and the push to reach the client sidecar. */
    static final Duration PUSH_GRACE = Duration.ofMillis(1500);

    private final List<String> instances;
    private final String killed;
    private final Duration killTime;
    private final String stopped;
    private final Duration stopTime;
    private final Duration ttl;
    private final double minSuccessRate;

    DemoChecks(List<String> instances, String killed, Duration killTime, String stopped, Duration stopTime,
               Duration ttl, double minSuccessRate) {
        this.instances = List.copyOf(instances);
        this.killed = killed;
        this.killTime = killTime;
        this.stopped = stopped;
        this.stopTime = stopTime;
        this.ttl = ttl;
        this.minSuccessRate = minSuccessRate;
    }

    /** What the kill is called in the disruptions and the checks. */
    static String kill(String instance) {
        return "the kill of " + instance;
    }

    /** What the graceful stop is called in the disruptions and the checks. */
    static String gracefulStop(String instance) {
        return "the graceful stop of " + instance;
    }

    /** When the killed instance must be out of every load balancer. */
    Duration expiry() {
        return killTime.plus(ttl).plus(PUSH_GRACE);
    }

    List<CheckResult> evaluate(List<IntervalReport> history, List<Disruption> disruptions) {
        List<CheckResult> results = new ArrayList<>();
        results.add(everyInstanceServedBeforeKill(history));
        results.addAll(trafficMovedAfterExpiry(history));
        results.add(stoppedServedNothingAfterPush(history));
        results.add(costNothing(kill(killed), disruptions));
        results.add(costNothing(gracefulStop(stopped), disruptions));
        results.add(successRate(history));
        return results;
    }

    /** The disruption {@code what} happened and no request failed from it to the next one (or the end). */
    private static CheckResult costNothing(String what, List<Disruption> disruptions) {
        String name = what + " cost no request";
        return disruptions.stream().filter(d -> d.what().equals(what)).findFirst()
                .map(d -> new CheckResult(name, d.meshFailures() == 0, "from " + Durations.seconds(d.at()) + " to "
                        + Durations.seconds(d.until()) + ": mesh failures=" + d.meshFailures()))
                .orElseGet(() -> new CheckResult(name, false, "it did not happen before the traffic ended"));
    }

    private CheckResult stoppedServedNothingAfterPush(List<IntervalReport> history) {
        Duration out = stopTime.plus(PUSH_GRACE);
        List<IntervalReport> after = history.stream().filter(r -> r.start().compareTo(out) >= 0).toList();
        String name = stopped + " served nothing after its graceful stop plus a push";
        String window = "intervals from " + Durations.seconds(out) + " (stop " + Durations.seconds(stopTime)
                + " + push " + Durations.seconds(PUSH_GRACE) + ")";
        if (after.isEmpty()) {
            return new CheckResult(name, false, "no " + window + ": run the demo longer");
        }
        long served = after.stream().mapToLong(r -> r.served(stopped)).sum();
        return new CheckResult(name, served == 0, window + ": " + stopped + "=" + served);
    }

    private CheckResult everyInstanceServedBeforeKill(List<IntervalReport> history) {
        List<IntervalReport> before = history.stream().filter(r -> r.end().compareTo(killTime) <= 0).toList();
        String counts = instances.stream()
                .map(instance -> instance + "=" + before.stream().mapToLong(r -> r.served(instance)).sum())
                .collect(Collectors.joining(" "));
        boolean passed = !before.isEmpty() && instances.stream()
                .allMatch(instance -> before.stream().mapToLong(r -> r.served(instance)).sum() > 0);
        return new CheckResult("every instance served traffic before the kill", passed,
                before.isEmpty() ? "no interval ended before the kill" : counts);
    }

    private List<CheckResult> trafficMovedAfterExpiry(List<IntervalReport> history) {
        List<IntervalReport> after = history.stream().filter(r -> r.start().compareTo(expiry()) >= 0).toList();
        String window = "intervals from " + Durations.seconds(expiry()) + " (kill " + Durations.seconds(killTime)
                + " + TTL " + Durations.seconds(ttl) + " + push " + Durations.seconds(PUSH_GRACE) + ")";
        if (after.isEmpty()) {
            CheckResult missing = new CheckResult(killed + " out of rotation after its TTL", false,
                    "no " + window + ": run the demo longer");
            return List.of(missing);
        }
        long killedServed = after.stream().mapToLong(r -> r.served(killed)).sum();
        long meshFailures = after.stream().mapToLong(IntervalReport::meshFailures).sum();
        List<String> survivors = instances.stream().filter(instance -> !instance.equals(killed)).toList();
        String survivorCounts = survivors.stream()
                .map(instance -> instance + "=" + servedAfterExpiry(history, instance))
                .collect(Collectors.joining(" "));
        boolean survivorsServed = survivors.stream().allMatch(instance -> servedAfterExpiry(history, instance) > 0);
        return List.of(
                new CheckResult(killed + " served nothing after its TTL plus a push", killedServed == 0,
                        window + ": " + killed + "=" + killedServed),
                new CheckResult("traffic moved to the others without mesh failures", survivorsServed && meshFailures == 0,
                        window + ": " + survivorCounts + ", mesh failures=" + meshFailures));
    }

    /**
     * What {@code instance} served in the intervals that overlap its time in rotation after the expiry: up to the end,
     * or up to its graceful stop.
     */
    private long servedAfterExpiry(List<IntervalReport> history, String instance) {
        Duration until = instance.equals(stopped) ? stopTime : null;
        return history.stream()
                .filter(r -> r.end().compareTo(expiry()) > 0 && (until == null || r.start().compareTo(until) < 0))
                .mapToLong(r -> r.served(instance)).sum();
    }

    private CheckResult successRate(List<IntervalReport> history) {
        long successes = history.stream().mapToLong(IntervalReport::successes).sum();
        long appFailures = history.stream().mapToLong(IntervalReport::appFailures).sum();
        long meshFailures = history.stream().mapToLong(IntervalReport::meshFailures).sum();
        long counted = successes + meshFailures;
        double rate = counted == 0 ? 0 : (double) successes / counted;
        return new CheckResult(String.format("success rate >= %.1f%% (the flaky app's own 503s counted apart)",
                minSuccessRate * 100), counted > 0 && rate >= minSuccessRate,
                String.format("%.2f%%: %d ok, %d mesh/client failures; app 503s passed through: %d",
                        rate * 100, successes, meshFailures, appFailures));
    }

    /** Formatting of short durations for the check texts. */
    static final class Durations {
        private Durations() {
        }

        static String seconds(Duration duration) {
            return String.format("%.1fs", duration.toMillis() / 1000.0);
        }
    }
}
