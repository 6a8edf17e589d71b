package io.banyan.sidecar.loadstats;

import io.banyan.sidecar.core.ErrorCause;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load counters of one cluster the control plane asked about: requests issued and in progress, and per zone of
 * its endpoints (the config's zones, so bounded by them; an unknown zone counts as {@code ""}) what ended. Any event
 * loop records into it without locks or allocation; the reporter {@link #drain drains} it.
 */
public final class ClusterLoad {

    private final String cluster;
    private final LongAdder issued = new LongAdder();
    private final LongAdder inProgress = new LongAdder();
    private final LocalityCounters unknown = new LocalityCounters("");
    /** Read on the request path; replaced whole when the zones change. */
    private volatile Map<String, LocalityCounters> zones;
    /** Zones that left the config, drained once more so nothing counted in them is lost. Guarded by this. */
    private final Map<String, LocalityCounters> retired = new HashMap<>();

    ClusterLoad(String cluster, Set<String> zones) {
        this.cluster = cluster;
        this.zones = Map.of("", unknown);
        zones(zones);
    }

    public String cluster() {
        return cluster;
    }

    /** A request to the cluster was admitted: issued, and in progress until it {@link #ended ends}. */
    public void started() {
        issued.increment();
        inProgress.increment();
    }

    /**
     * A request that {@link #started} ended: answered by an endpoint of {@code zone} ({@code ""} unknown) with
     * {@code status} (0: none), failed by the mesh with {@code cause} (null: it was not), after {@code durationNanos}.
     */
    public void ended(String zone, int status, ErrorCause cause, long durationNanos) {
        inProgress.decrement();
        LocalityCounters counters = zone == null ? unknown : zones.get(zone);
        (counters == null ? unknown : counters).ended(LoadOutcome.causeSlot(status, cause),
                TimeUnit.NANOSECONDS.toMicros(durationNanos));
    }

    /** The zones of the cluster's endpoints now; counters of zones that stay (or come back) are kept. */
    synchronized void zones(Set<String> current) {
        Map<String, LocalityCounters> previous = zones;
        Map<String, LocalityCounters> next = new HashMap<>();
        next.put("", unknown);
        for (String zone : current) {
            LocalityCounters kept = previous.get(zone);
            if (kept == null) {
                kept = retired.remove(zone);
            }
            next.put(zone, kept != null ? kept : new LocalityCounters(zone));
        }
        previous.forEach((zone, counters) -> {
            if (!next.containsKey(zone)) {
                retired.put(zone, counters);
            }
        });
        zones = Map.copyOf(next);
    }

    /** What happened since the last drain (the in-progress gauge as it is now), taken out of the counters. */
    public synchronized ClusterDelta drain() {
        List<LocalityDelta> localities = new ArrayList<>();
        Map<String, LocalityCounters> all = new TreeMap<>(retired);
        all.putAll(zones);
        retired.clear();
        for (LocalityCounters locality : all.values()) {
            LocalityDelta delta = locality.drain();
            if (!delta.isEmpty()) {
                localities.add(delta);
            }
        }
        return new ClusterDelta(cluster, issued.sumThenReset(), Math.max(0, inProgress.sum()), localities);
    }
}
