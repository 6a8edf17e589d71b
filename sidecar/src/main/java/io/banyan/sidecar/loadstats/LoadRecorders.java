package io.banyan.sidecar.loadstats;

import io.banyan.sidecar.core.ErrorCause;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The data plane's load counters: one {@link LoadSlot} per cluster of the current config (so bounded by it), which
 * counts only while the control plane's load reporting asks about that cluster ({@link #track}). Requests record
 * through the slot their cluster state holds, or through this {@link LoadSink} by cluster name (shadow copies); a
 * cluster not in the config or not asked about is not counted. The reporter {@link #drain drains} each cluster it
 * reports.
 */
public final class LoadRecorders implements LoadSink {

    private final ConcurrentMap<String, LoadSlot> slots = new ConcurrentHashMap<>();
    private Set<String> tracked = Set.of();
    private boolean trackAll;

    /** The slot of {@code cluster}, made when the cluster enters the config; the same one until it is released. */
    public synchronized LoadSlot slot(String cluster) {
        return slots.computeIfAbsent(cluster, name -> {
            LoadSlot slot = new LoadSlot(name, Set.of());
            if (trackAll || tracked.contains(name)) {
                slot.track();
            }
            return slot;
        });
    }

    /** {@code cluster} left the config: its counters are dropped (requests under way end on them unseen). */
    public synchronized void release(String cluster) {
        LoadSlot slot = slots.remove(cluster);
        if (slot != null) {
            slot.untrack();
        }
    }

    /**
     * Counts the configured clusters among {@code clusters} (every configured cluster when {@code all}) from now
     * on, and no other; a cluster counted already keeps its counters.
     */
    public synchronized void track(Set<String> clusters, boolean all) {
        tracked = Set.copyOf(clusters);
        trackAll = all;
        slots.forEach((name, slot) -> {
            if (all || tracked.contains(name)) {
                slot.track();
            } else {
                slot.untrack();
            }
        });
    }

    /** Counts nothing any more. */
    public void untrackAll() {
        track(Set.of(), false);
    }

    /** The clusters counted now, sorted. */
    public Set<String> tracked() {
        Set<String> names = new TreeSet<>();
        slots.forEach((name, slot) -> {
            if (slot.recorder() != null) {
                names.add(name);
            }
        });
        return names;
    }

    /** What {@code cluster} saw since its last drain; empty when it is not counted. */
    public ClusterDelta drain(String cluster) {
        LoadSlot slot = slots.get(cluster);
        ClusterLoad load = slot == null ? null : slot.recorder();
        return load == null ? ClusterDelta.empty(cluster) : load.drain();
    }

    @Override
    public void started(String cluster) {
        ClusterLoad load = recorder(cluster);
        if (load != null) {
            load.started();
        }
    }

    @Override
    public void ended(String cluster, String zone, int status, ErrorCause cause, long durationNanos) {
        ClusterLoad load = recorder(cluster);
        if (load != null) {
            load.ended(zone, status, cause, durationNanos);
        }
    }

    private ClusterLoad recorder(String cluster) {
        LoadSlot slot = cluster == null ? null : slots.get(cluster);
        return slot == null ? null : slot.recorder();
    }
}
