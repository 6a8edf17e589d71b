package io.banyan.controlplane.replica;

import io.banyan.controlplane.store.DurableMap;
import io.banyan.controlplane.store.Leadership;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps a map of per-replica entries ({@code heartbeats}, {@code loads}) bounded: a replica's name is new at every
 * start, so the entries of replicas gone would pile up. The leader removes the entries written before a cutoff.
 */
public final class StaleEntries {

    /** How many intervals an entry outlives its last write before the leader removes it. */
    public static final int KEPT_INTERVALS = 10;

    private StaleEntries() {
    }

    /** While {@code leadership} leads: removes the entries of {@code map} written before {@code cutoff}. */
    public static <T> int remove(Leadership leadership, DurableMap<T> map, Function<T, Instant> writtenAt,
                                 Function<T, String> key, Instant cutoff) {
        if (!leadership.isLeader()) {
            return 0;
        }
        List<String> stale = map.values().stream().filter(entry -> writtenAt.apply(entry).isBefore(cutoff))
                .map(key).toList();
        return stale.isEmpty() ? 0 : map.removeAll(stale);
    }
}
