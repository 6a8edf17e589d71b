package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Ticker;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * The endpoints of one cluster that refused (or never answered) the last connect: a dead instance the control plane
 * has not removed yet. Each is skipped by the balancer's picks for a backoff that doubles with every further failed
 * connect, from {@link #BASE_BACKOFF} to {@link #MAX_BACKOFF}; after it one request tries again, and any response from
 * the endpoint clears it. Counted in {@code banyan_outlier_ejections_total{reason="connect_failure"}}. Always on, as a
 * refused connect is the clearest signal there is; lock-free, shared by every event loop; bounded by the cluster's
 * endpoints ({@link #retainOnly}).
 */
public final class UnreachableEndpoints {

    public static final Duration BASE_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** Doublings after which the backoff stays at its maximum. */
    private static final int MAX_DOUBLINGS = 4;

    /** Connect failures in a row and the end of the current backoff. */
    private record Mark(int failures, long untilNanos) {
    }

    private final Ticker ticker;
    private final ResilienceMetrics metrics;
    private final ConcurrentMap<String, Mark> marks = new ConcurrentHashMap<>();

    public UnreachableEndpoints(Ticker ticker, ResilienceMetrics metrics) {
        this.ticker = Checks.nonNull(ticker, "ticker");
        this.metrics = Checks.nonNull(metrics, "metrics");
    }

    /** A connect to {@code endpoint} failed: skip it for the next backoff. */
    public void onConnectFailure(Endpoint endpoint) {
        long now = ticker.nanoTime();
        boolean[] ejected = {false};
        marks.compute(endpoint.authority(), (key, old) -> {
            if (old != null && old.untilNanos() - now > 0) {
                return old; // the failures of requests that were already on their way to it
            }
            ejected[0] = true;
            int failures = old == null ? 1 : old.failures() + 1;
            return new Mark(failures, now + backoffNanos(failures));
        });
        if (ejected[0]) {
            metrics.recordConnectFailureEjection();
        }
    }

    /** The endpoint answered: it is reachable again. */
    public void onReachable(Endpoint endpoint) {
        if (!marks.isEmpty()) {
            marks.remove(endpoint.authority());
        }
    }

    /** Whether picks should pass {@code endpoint} over now. */
    public boolean isUnreachable(Endpoint endpoint) {
        if (marks.isEmpty()) {
            return false;
        }
        Mark mark = marks.get(endpoint.authority());
        return mark != null && mark.untilNanos() - ticker.nanoTime() > 0;
    }

    /** The backoff left for {@code endpoint}, zero when it may be picked (for /clusters). */
    public Duration remaining(Endpoint endpoint) {
        Mark mark = marks.get(endpoint.authority());
        return mark == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, mark.untilNanos() - ticker.nanoTime()));
    }

    /** Forgets endpoints that left the cluster. */
    public void retainOnly(Collection<Endpoint> endpoints) {
        Set<String> current = endpoints.stream().map(Endpoint::authority).collect(Collectors.toSet());
        marks.keySet().retainAll(current);
    }

    private static long backoffNanos(int failures) {
        long nanos = BASE_BACKOFF.toNanos() << Math.min(failures - 1, MAX_DOUBLINGS);
        return Math.min(nanos, MAX_BACKOFF.toNanos());
    }
}
