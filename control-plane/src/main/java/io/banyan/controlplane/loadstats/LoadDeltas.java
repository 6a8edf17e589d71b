package io.banyan.controlplane.loadstats;

import java.util.HashMap;
import java.util.Map;

/**
 * The load reports received since the last {@link #drain}, summed per cluster the same way a {@link LoadStore} slot
 * sums them (at most {@link LoadStore#MAX_CAUSES} error causes each, the newest shadow samples). Bounded by the
 * clusters it is given: a {@link LoadStore} hands it only tracked ones. Thread-safe.
 */
public final class LoadDeltas {

    private Map<String, ClusterLoad> pending = new HashMap<>();

    /** Adds a report's deltas about {@code cluster}. */
    public synchronized void add(String cluster, SideStats side, ShadowStats shadow) {
        pending.computeIfAbsent(cluster, name -> new ClusterLoad(1)).add(0, side, shadow);
    }

    /** The sums since the previous call, per cluster (in progress: 0); forgotten here. */
    public Map<String, Sum> drain() {
        Map<String, ClusterLoad> drained;
        synchronized (this) {
            drained = pending;
            pending = new HashMap<>();
        }
        Map<String, Sum> sums = new HashMap<>();
        drained.forEach((cluster, load) -> sums.put(cluster, new Sum(load.side(0, 0, 0), load.shadow(0, 0))));
        return sums;
    }

    /** One cluster's reports summed. */
    public record Sum(SideStats side, ShadowStats shadow) {
    }
}
