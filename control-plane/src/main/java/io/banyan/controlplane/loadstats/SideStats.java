package io.banyan.controlplane.loadstats;

import io.banyan.primitives.stats.LatencySketch;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One side of a migration over a window: requests that ended, of which {@code errors} failed (a 5xx answer, or no
 * answer: reset, timeout, no upstream), by cause ({@code upstream_5xx} for an upstream's own 5xx, otherwise the
 * mesh's error token); requests still under way at the last report; the durations of the requests that ended.
 */
public record SideStats(long requests, long errors, Map<String, Long> errorsByCause, long inProgress,
                        LatencySketch latency) {

    public static final SideStats EMPTY = new SideStats(0, 0, Map.of(), 0, LatencySketch.empty());

    public SideStats {
        errorsByCause = Map.copyOf(errorsByCause);
        Objects.requireNonNull(latency, "latency");
    }

    /** Errors per request that ended, 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    public Duration p50() {
        return latency.quantile(0.50);
    }

    public Duration p99() {
        return latency.quantile(0.99);
    }
}
