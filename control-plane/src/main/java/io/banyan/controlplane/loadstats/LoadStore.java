package io.banyan.controlplane.loadstats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The data planes' load reports, summed per tracked cluster in time slots of the control plane's clock (a report
 * counts in the slot it arrived in). A window from {@code since} to now adds the slots from the one holding
 * {@code since}, so it reaches back at most one slot width further than asked, and never beyond the retention.
 * Requests in progress are a gauge, not a sum: the latest value each live {@link Reporter} (one per open LRS stream)
 * reported for the cluster, added up; a reporter's values go when it closes.
 *
 * <p>Bounded by what is tracked: reports about other clusters are refused, and {@link #track} forgets the clusters
 * it drops. Worst case per tracked cluster: {@code retention / slot} slots (3600 with the defaults), each at most
 * about 8 KiB (a latency sketch of every one of its 656 buckets, 12 bytes each, plus {@value #MAX_CAUSES} causes),
 * so about 30 MiB if every slot held durations in every bucket; real traffic fills a few dozen buckets, well under
 * 1 MiB an hour. Plus {@value #MAX_SAMPLES} samples (each string at most what the decoder admits) and one gauge per
 * live reporter.
 *
 * <p>Thread-safe: reports arrive on gRPC threads, readers (the migrations' guard) on their own; each cluster has its
 * own lock, and {@link #track} listeners run on the caller's thread after the change.
 */
public final class LoadStore implements LoadWindow {

    public static final Duration DEFAULT_SLOT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    /** Distinct error causes kept per cluster; errors of further causes count in the total only. */
    public static final int MAX_CAUSES = 32;
    /** Differing shadow samples kept per cluster, newest last. */
    public static final int MAX_SAMPLES = 32;
    /** The most slots a cluster's ring may have, so that a tiny slot with a long retention cannot eat the heap. */
    static final int MAX_SLOTS = 100_000;

    private final Clock clock;
    private final long slotMillis;
    private final int slots;
    private final Object trackLock = new Object();
    private volatile Set<String> tracked = Set.of();
    private final Map<String, ClusterLoad> clusters = new ConcurrentHashMap<>();
    private final Set<Reporter> reporters = ConcurrentHashMap.newKeySet();
    private final List<Runnable> trackListeners = new CopyOnWriteArrayList<>();
    private final List<RecordListener> recordListeners = new CopyOnWriteArrayList<>();

    /** A store with 1 s slots kept for 1 h. */
    public LoadStore(Clock clock) {
        this(clock, DEFAULT_SLOT, DEFAULT_RETENTION);
    }

    /**
     * A store for data planes reporting every {@code interval}: slots as wide as the interval (at least
     * {@link #DEFAULT_SLOT}; finer ones would mostly stay empty, yet many reporters out of phase would fill each one), kept
     * for the fewest whole slots that cover {@link #DEFAULT_RETENTION}. At the default 5 s interval that is 720 slots a
     * cluster, a fifth of what 1 s slots hold at worst; a window then reaches back at most one interval more than asked.
     */
    public static LoadStore forReportInterval(Clock clock, Duration interval) {
        Duration slot = interval.compareTo(DEFAULT_SLOT) < 0 ? DEFAULT_SLOT : Duration.ofMillis(interval.toMillis());
        long count = (DEFAULT_RETENTION.toMillis() + slot.toMillis() - 1) / slot.toMillis();
        return new LoadStore(clock, slot, slot.multipliedBy(count));
    }

    /**
     * @param slot      the width of a time slot: a whole number of milliseconds, at least 1 ms
     * @param retention how far back a window may reach: a whole number of slots, at most {@value #MAX_SLOTS}
     */
    public LoadStore(Clock clock, Duration slot, Duration retention) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (slot == null || slot.toMillis() < 1 || !slot.equals(Duration.ofMillis(slot.toMillis()))) {
            throw new IllegalArgumentException("slot: " + slot + " (expected: a whole number of milliseconds >= 1)");
        }
        this.slotMillis = slot.toMillis();
        if (retention == null || retention.compareTo(slot) < 0 || retention.toMillis() % slotMillis != 0
                || retention.toMillis() / slotMillis > MAX_SLOTS) {
            throw new IllegalArgumentException("retention: " + retention + " (expected: a whole number of slots of "
                    + slot + ", 1.." + MAX_SLOTS + ")");
        }
        // One more than the retention holds, so that the slot now filling does not push out the oldest whole one.
        this.slots = (int) (retention.toMillis() / slotMillis) + 1;
    }

    @Override
    public SideStats side(String cluster, Instant since) {
        ClusterLoad load = clusters.get(cluster);
        if (load == null) {
            return SideStats.EMPTY;
        }
        long inProgress = 0;
        for (Reporter reporter : reporters) {
            inProgress = ClusterLoad.plus(inProgress, reporter.inProgress.getOrDefault(cluster, 0L));
        }
        return load.side(slotOf(since), slotOf(clock.instant()), inProgress);
    }

    @Override
    public ShadowStats shadow(String cluster, Instant since) {
        ClusterLoad load = clusters.get(cluster);
        return load == null ? ShadowStats.EMPTY : load.shadow(slotOf(since), slotOf(clock.instant()));
    }

    /** Keeps reports of {@code clusters} only; when the set changed, tells the {@link #onTrackedChange} listeners. */
    @Override
    public void track(Set<String> clusters) {
        Set<String> next = Set.copyOf(clusters);
        synchronized (trackLock) {
            if (next.equals(tracked)) {
                return;
            }
            tracked = next;
            this.clusters.keySet().retainAll(next);
            for (String cluster : next) {
                this.clusters.computeIfAbsent(cluster, name -> new ClusterLoad(slots));
            }
            for (Reporter reporter : reporters) {
                reporter.inProgress.keySet().retainAll(next);
            }
        }
        trackListeners.forEach(Runnable::run);
    }

    @Override
    public Set<String> tracked() {
        return tracked;
    }

    /** Whether reports of {@code cluster} are kept. */
    public boolean tracks(String cluster) {
        return tracked.contains(cluster);
    }

    /** Runs {@code listener} after every change of the tracked set, on the thread that changed it. */
    public void onTrackedChange(Runnable listener) {
        trackListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Tells {@code listener} of every report kept (of a tracked cluster), with the reporter it came from, on the
     * reporting thread (it must not block).
     */
    public void onRecorded(RecordListener listener) {
        recordListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A report kept by the store. */
    @FunctionalInterface
    public interface RecordListener {
        void recorded(Reporter from, String cluster, SideStats side, ShadowStats shadow);
    }

    /** A new reporter (one per data plane's stream); its in-progress gauges count until it is closed. */
    public Reporter reporter() {
        Reporter reporter = new Reporter();
        reporters.add(reporter);
        return reporter;
    }

    /** Live reporters (open streams). */
    public int reporters() {
        return reporters.size();
    }

    private long slotOf(Instant instant) {
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            millis = instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return Math.floorDiv(millis, slotMillis);
    }

    /** What one data plane's stream reports; {@link #close} when the stream ends. */
    public final class Reporter implements AutoCloseable {

        /** Its latest in-progress gauge per tracked cluster. */
        private final Map<String, Long> inProgress = new ConcurrentHashMap<>();

        private Reporter() {
        }

        /**
         * Adds this reporter's deltas about {@code cluster} since its previous report, in the current slot; its
         * {@code side.inProgress()} replaces its previous gauge.
         */
        public Recorded record(String cluster, SideStats side, ShadowStats shadow) {
            ClusterLoad load = clusters.get(cluster);
            if (load == null || !reporters.contains(this)) {
                return Recorded.UNTRACKED;
            }
            int causesLeftOut = load.add(slotOf(clock.instant()), side, shadow);
            inProgress.put(cluster, side.inProgress());
            if (!tracked.contains(cluster)) {
                inProgress.remove(cluster); // track() dropped it meanwhile
            }
            for (RecordListener listener : recordListeners) {
                listener.recorded(this, cluster, side, shadow);
            }
            return new Recorded(true, causesLeftOut);
        }

        @Override
        public void close() {
            reporters.remove(this);
            inProgress.clear();
        }
    }

    /**
     * What became of a report: whether its cluster is tracked (else nothing of it was kept), and how many of its
     * error causes were left out because the cluster holds {@value #MAX_CAUSES} others already.
     */
    public record Recorded(boolean tracked, int causesLeftOut) {

        public static final Recorded UNTRACKED = new Recorded(false, 0);
    }
}
