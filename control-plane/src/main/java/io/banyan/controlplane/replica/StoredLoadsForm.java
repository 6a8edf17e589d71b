package io.banyan.controlplane.replica;

import io.banyan.controlplane.loadstats.LoadDeltas;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.controlplane.store.StoredLoads;
import io.banyan.primitives.stats.LatencySketch;

import java.util.ArrayList;
import java.util.List;

/** A cluster's summed load reports as the store's {@code loads} map keeps them, and back. */
final class StoredLoadsForm {

    private StoredLoadsForm() {
    }

    static StoredLoads.Cluster of(LoadDeltas.Sum sum) {
        List<Integer> buckets = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        sum.side().latency().forEach((index, count) -> {
            buckets.add(index);
            counts.add(count);
        });
        return new StoredLoads.Cluster(sum.side().requests(), sum.side().errors(), sum.side().errorsByCause(),
                buckets.stream().mapToInt(Integer::intValue).toArray(),
                counts.stream().mapToLong(Long::longValue).toArray(),
                sum.shadow().equal(), sum.shadow().different(), sum.shadow().failed(), sum.shadow().dropped());
    }

    /**
     * A stored cluster's requests as the live side of a report (in progress: not shared).
     *
     * @throws IllegalArgumentException naming what is wrong with its latency buckets
     */
    static SideStats side(StoredLoads.Cluster stored) {
        return new SideStats(stored.requests(), stored.errors(), stored.errorsByCause(), 0,
                LatencySketch.of(stored.latencyBuckets(), stored.latencyCounts()));
    }

    /** A stored cluster's shadow comparisons as a report's (the samples stay on the replica that received them). */
    static ShadowStats shadow(StoredLoads.Cluster stored) {
        return new ShadowStats(stored.equal() + stored.different(), stored.equal(), stored.different(),
                stored.failed(), stored.dropped(), List.of());
    }
}
