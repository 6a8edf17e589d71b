package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.CheckResult;
import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the bad release was rolled back by its guard, and whether its callers' failures stayed within what that
 * guard allows (plain logic on counts).
 *
 * <p>The bound, from the guard: it judges every load-report interval on what the data planes reported, and gives no
 * verdict before the new side has {@code minRequests} reported requests; one more interval may pass before the report
 * that crosses it, one for the judging tick, the rollback is then one configuration push away, and the requests
 * under way at the gateway are not reported yet. So until its weight is 0 at the gateway the release takes at most
 * {@code minRequests} plus its share ({@value BadRelease#FIRST_WEIGHT} %) of the {@value BadRelease#PATH} traffic of
 * {@value #INTERVALS} report intervals and {@link #PUSH} (measured: {@value BadRelease#PATH} requests per second
 * over the phase). Its callers' failures are about its failure rate times those requests: the bound doubles the rate
 * for chance and adds {@value #SLACK}. A guard that waited for its whole window would take many times that. The
 * failures counted are every failed {@value BadRelease#PATH} request of the phase, the mesh's too: callers feel them
 * all. The release must have answered at least once: a rollback of a release that never took traffic shows nothing.
 */
final class BadReleaseCheck {

    static final int INTERVALS = 6;
    static final Duration PUSH = Duration.ofSeconds(1);
    static final int SLACK = 5;

    private BadReleaseCheck() {
    }

    /** The release's own 503s on {@value BadRelease#PATH}: failures the phase expects. */
    static long expectedFailures(PhaseCounts counts) {
        return counts.failures().getOrDefault(BadRelease.EXPECTED_FAILURE, 0L);
    }

    /** The most requests the guard lets the release take, with {@value BadRelease#PATH} at {@code perSecond}. */
    static long allowedRequests(double perSecond, Duration interval) {
        Duration exposure = interval.multipliedBy(INTERVALS).plus(PUSH);
        return BadRelease.MIN_REQUESTS
                + (long) Math.ceil(perSecond * BadRelease.FIRST_WEIGHT / 100 * exposure.toNanos() / 1e9);
    }

    /** The most failures callers may see from {@code allowedRequests}. */
    static long allowedFailures(long allowedRequests) {
        return (long) Math.ceil(2 * BadRelease.FAILURE_RATE * allowedRequests) + SLACK;
    }

    /** Failed requests for {@value BadRelease#PATH}, whatever the cause: what its callers felt. */
    static long callersFailures(PhaseCounts counts) {
        return counts.requests(BadRelease.PATH) - counts.served(BadRelease.PATH);
    }

    static CheckResult evaluate(BadReleaseResult result, Duration interval) {
        PhaseCounts counts = result.counts();
        long own = expectedFailures(counts);
        long failures = callersFailures(counts);
        long requests = counts.served(BadRelease.PATH, BadRelease.NAME) + own;
        double perSecond = result.elapsed().isZero() ? 0
                : counts.requests(BadRelease.PATH) * 1e9 / result.elapsed().toNanos();
        long allowedRequests = allowedRequests(perSecond, interval);
        long allowed = allowedFailures(allowedRequests);
        String callers = String.format(Locale.ROOT, "callers: %s took %d requests, %d of them 503s; %s failed %d "
                        + "times in all (allowed: %d, as %d requests; %s at %.0f/s)", BadRelease.NAME, requests, own,
                BadRelease.PATH, failures, allowed, allowedRequests, BadRelease.PATH, perSecond);
        Optional<GuardTrip> trip = result.trip();
        String name = String.format(Locale.ROOT, "the bad release was rolled back by its guard, and its callers' "
                        + "failures stayed within what the guard allows (<= 2 x %s x (minRequests %d + %d %% of %s "
                        + "over %d report intervals and %s) + %d)", BadRelease.FAILURE_RATE, BadRelease.MIN_REQUESTS,
                BadRelease.FIRST_WEIGHT, BadRelease.PATH, INTERVALS, Durations.format(PUSH), SLACK);
        if (trip.isEmpty()) {
            return new CheckResult(name, false, "the guard did not roll " + BadRelease.NAME + " back within "
                    + BadRelease.ROLLBACK_TIMEOUT.toSeconds() + " s; " + callers);
        }
        if (!trip.get().byGuard()) {
            return new CheckResult(name, false, "rolled back by " + trip.get().by() + ", not by the guard; " + callers);
        }
        if (requests == 0) {
            return new CheckResult(name, false, "the guard rolled it back, but " + BadRelease.NAME + " answered no "
                    + "request: the release never went out; " + callers);
        }
        return new CheckResult(name, failures <= allowed, "the guard rolled it back after " + trip.get().toRequests()
                + " reported requests; " + callers);
    }
}
