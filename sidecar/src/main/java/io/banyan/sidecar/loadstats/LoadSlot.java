package io.banyan.sidecar.loadstats;

import java.util.Set;

/**
 * Where one configured cluster's requests are counted for load reports: its {@link ClusterLoad} while the control
 * plane asks about the cluster, {@code null} otherwise, so that a request to any other cluster costs a read and a
 * null check. Kept for the cluster's life in the config; the cluster state hands it to every request.
 */
public final class LoadSlot {

    /** The slot of a cluster never reported on (tests, clusters built without a {@link LoadRecorders}). */
    public static final LoadSlot UNTRACKED = new LoadSlot("", Set.of());

    private final String cluster;
    private Set<String> zones;
    private volatile ClusterLoad recorder;

    LoadSlot(String cluster, Set<String> zones) {
        this.cluster = cluster;
        this.zones = Set.copyOf(zones);
    }

    /** The counters of the cluster while it is reported on, else {@code null}. */
    public ClusterLoad recorder() {
        return recorder;
    }

    /** The zones of the cluster's endpoints in the current config. */
    public synchronized void zones(Set<String> current) {
        zones = Set.copyOf(current);
        ClusterLoad load = recorder;
        if (load != null) {
            load.zones(zones);
        }
    }

    /** Starts counting (fresh counters) unless it already does. */
    synchronized void track() {
        if (recorder == null) {
            recorder = new ClusterLoad(cluster, zones);
        }
    }

    /** Stops counting: what was not drained yet is dropped. */
    synchronized void untrack() {
        recorder = null;
    }
}
