package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.metrics.ComparisonOutcome;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shadow comparisons of every mirror cluster whose route compares answers: per cluster, the outcomes since the
 * load reporter last {@link #drain drained} them and since start, and the last {@link #SAMPLES_PER_CLUSTER}
 * differences (a ring: the oldest goes first). Bounded: only clusters the config mirrors to are kept
 * ({@link #retainClustersOf}, on every config), at most {@link #MAX_CLUSTERS}. Event loops record; the reporter
 * drains and the admin port reads, from other threads.
 */
public final class ShadowLedger implements ShadowSource {

    /** Differences kept per cluster. */
    public static final int SAMPLES_PER_CLUSTER = 32;
    /** Mirror clusters kept at most; beyond it, a new cluster's comparisons are not kept (still counted in metrics). */
    public static final int MAX_CLUSTERS = 1024;

    private final Clock clock;
    private final Map<String, ClusterLedger> clusters = new ConcurrentHashMap<>();

    /** @param clock stamps the differences */
    public ShadowLedger(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Milliseconds since the epoch, for a difference's {@code at}. */
    long nowMillis() {
        return clock.millis();
    }

    /** A pair of answers of {@code cluster} came out as {@code outcome}; {@code difference} (or null) says how. */
    void compared(String cluster, ComparisonOutcome outcome, ShadowDifference difference) {
        ClusterLedger ledger = ledger(cluster);
        if (ledger != null) {
            ledger.compared(outcome, difference);
        }
    }

    /** A copy to {@code cluster} whose answer was to be compared was dropped (never sent). */
    void dropped(String cluster) {
        ClusterLedger ledger = ledger(cluster);
        if (ledger != null) {
            ledger.dropped();
        }
    }

    @Override
    public ShadowDelta drain(String cluster) {
        ClusterLedger ledger = clusters.get(cluster);
        return ledger == null ? ShadowDelta.EMPTY : ledger.drain();
    }

    /** Forgets the clusters {@code config} no longer mirrors to (what they had not reported yet goes with them). */
    public void retainClustersOf(MeshConfig config) {
        Set<String> mirrored = new HashSet<>();
        for (RouteConfig table : config.routes().values()) {
            for (VirtualHost host : table.virtualHosts()) {
                for (Route route : host.routes()) {
                    if (route.action() != null) {
                        route.action().mirrors().stream().map(MirrorPolicy::cluster).forEach(mirrored::add);
                    }
                }
            }
        }
        clusters.keySet().retainAll(mirrored);
    }

    /** Every cluster's outcomes since start and its differences kept, oldest first; by cluster name. */
    public List<ClusterShadows> view() {
        List<ClusterShadows> view = new ArrayList<>();
        clusters.forEach((name, ledger) -> view.add(ledger.view(name)));
        view.sort(Comparator.comparing(ClusterShadows::cluster));
        return view;
    }

    private ClusterLedger ledger(String cluster) {
        ClusterLedger ledger = clusters.get(cluster);
        if (ledger != null || clusters.size() >= MAX_CLUSTERS) {
            return ledger;
        }
        return clusters.computeIfAbsent(cluster, name -> new ClusterLedger());
    }

    /** One mirror cluster's comparisons since start, with the differences kept (oldest first). */
    public record ClusterShadows(String cluster, long equal, long different, long failed, long dropped,
                                 List<ShadowDifference> differences) {
    }

    /** One cluster's counts and ring; its own lock (records are few: one per compared copy). */
    private static final class ClusterLedger {

        private static final int EQUAL = ComparisonOutcome.EQUAL.ordinal();
        private static final int DIFFERENT = ComparisonOutcome.DIFFERENT.ordinal();
        private static final int FAILED = ComparisonOutcome.FAILED.ordinal();
        private static final int DROPPED = ComparisonOutcome.values().length;

        private final ArrayDeque<ShadowDifference> ring = new ArrayDeque<>(SAMPLES_PER_CLUSTER);
        private final long[] sinceDrain = new long[DROPPED + 1];
        private final long[] total = new long[DROPPED + 1];
        private int undrainedSamples;

        synchronized void compared(ComparisonOutcome outcome, ShadowDifference difference) {
            count(outcome.ordinal());
            if (difference != null) {
                if (ring.size() == SAMPLES_PER_CLUSTER) {
                    ring.removeFirst();
                }
                ring.addLast(difference);
                undrainedSamples = Math.min(undrainedSamples + 1, SAMPLES_PER_CLUSTER);
            }
        }

        synchronized void dropped() {
            count(DROPPED);
        }

        private void count(int index) {
            sinceDrain[index]++;
            total[index]++;
        }

        synchronized ShadowDelta drain() {
            List<ShadowDifference> kept = new ArrayList<>(ring);
            List<ShadowDifference> samples = List.copyOf(kept.subList(kept.size() - undrainedSamples, kept.size()));
            ShadowDelta delta = new ShadowDelta(sinceDrain[EQUAL], sinceDrain[DIFFERENT], sinceDrain[FAILED],
                    sinceDrain[DROPPED], samples);
            Arrays.fill(sinceDrain, 0);
            undrainedSamples = 0;
            return delta;
        }

        synchronized ClusterShadows view(String name) {
            return new ClusterShadows(name, total[EQUAL], total[DIFFERENT], total[FAILED], total[DROPPED],
                    List.copyOf(ring));
        }
    }
}
