package io.banyan.controlplane.loadstats;

import io.banyan.controlplane.store.StoredLoads;
import io.banyan.primitives.stats.LatencySketch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load reports received since the last {@link #drain}, summed per cluster the same way a {@link LoadStore} slot
 * sums them (at most {@link LoadStore#MAX_CAUSES} error causes each), and their stored form. Bounded by the clusters
 * it is given: a {@link LoadStore} hands it only tracked ones. Thread-safe.
 */
public final class LoadDeltas {

    private Map<String, ClusterLoad> pending = new HashMap<>();

    /** Adds a report's deltas about {@code cluster}. */
    public synchronized void add(String cluster, SideStats side, ShadowStats shadow) {
        pending.computeIfAbsent(cluster, name -> new ClusterLoad(1)).add(0, side, shadow);
    }

    /** The sums since the previous call, per cluster, in their stored form; forgotten here. */
    public Map<String, StoredLoads.Cluster> drain() {
        Map<String, ClusterLoad> drained;
        synchronized (this) {
            drained = pending;
            pending = new HashMap<>();
        }
        Map<String, StoredLoads.Cluster> stored = new HashMap<>();
        drained.forEach((cluster, load) -> stored.put(cluster, stored(load.side(0, 0, 0), load.shadow(0, 0))));
        return stored;
    }

    /** A stored cluster's requests as the live side of a report (in progress: not shared). */
    public static SideStats side(StoredLoads.Cluster stored) {
        return new SideStats(stored.requests(), stored.errors(), stored.errorsByCause(), 0,
                LatencySketch.of(stored.latencyBuckets(), stored.latencyCounts()));
    }

    /** A stored cluster's shadow comparisons as a report's (the samples stay on the replica that received them). */
    public static ShadowStats shadow(StoredLoads.Cluster stored) {
        return new ShadowStats(stored.equal() + stored.different(), stored.equal(), stored.different(),
                stored.failed(), stored.dropped(), List.of());
    }

    private static StoredLoads.Cluster stored(SideStats side, ShadowStats shadow) {
        List<Integer> buckets = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        side.latency().forEach((index, count) -> {
            buckets.add(index);
            counts.add(count);
        });
        return new StoredLoads.Cluster(side.requests(), side.errors(), side.errorsByCause(),
                buckets.stream().mapToInt(Integer::intValue).toArray(),
                counts.stream().mapToLong(Long::longValue).toArray(),
                shadow.equal(), shadow.different(), shadow.failed(), shadow.dropped());
    }
}
