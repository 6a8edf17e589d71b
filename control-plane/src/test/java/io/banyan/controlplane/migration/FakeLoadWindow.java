package io.banyan.controlplane.migration;

import io.banyan.controlplane.loadstats.LoadWindow;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.primitives.stats.LatencySketch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A load window whose answers a test sets per cluster; remembers what it was asked to track and since when. */
final class FakeLoadWindow implements LoadWindow {

    final Map<String, SideStats> sides = new ConcurrentHashMap<>();
    final Map<String, ShadowStats> shadows = new ConcurrentHashMap<>();
    final Map<String, Instant> askedSince = new ConcurrentHashMap<>();
    volatile Set<String> tracked = Set.of();

    @Override
    public SideStats side(String cluster, Instant since) {
        askedSince.put(cluster, since);
        return sides.getOrDefault(cluster, SideStats.EMPTY);
    }

    @Override
    public ShadowStats shadow(String cluster, Instant since) {
        return shadows.getOrDefault(cluster, ShadowStats.EMPTY);
    }

    @Override
    public void track(Set<String> clusters) {
        tracked = Set.copyOf(clusters);
    }

    @Override
    public Set<String> tracked() {
        return tracked;
    }

    /** {@code requests} of which {@code errors} failed with upstream_5xx, every one lasting {@code latency}. */
    static SideStats stats(long requests, long errors, Duration latency) {
        LatencySketch sketch = requests == 0 ? LatencySketch.empty() : new LatencySketch.Builder()
                .add(LatencySketch.indexOf(latency.toNanos() / 1000), requests).build();
        return new SideStats(requests, errors, errors == 0 ? Map.of() : Map.of("upstream_5xx", errors), 0, sketch);
    }
}
