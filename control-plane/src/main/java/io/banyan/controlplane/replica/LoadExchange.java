package io.banyan.controlplane.replica;

import io.banyan.controlplane.loadstats.LoadDeltas;
import io.banyan.controlplane.loadstats.LoadStore;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredLoads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares load reports between control-plane replicas (a replicated store; on the embedded store it does nothing): a
 * sidecar reports to the replica it is connected to, but the migrations' guard runs on the leader. Every load-report
 * interval each replica writes what its sidecars reported over the interval, summed per tracked cluster
 * ({@link LoadDeltas}), to the store's {@code loads} map under its replica name; every replica adds the others'
 * entries to its own {@link LoadStore} as it learns them (one reporter per replica), so the guard of whichever replica
 * leads reads the sum over all of them. An entry written more than {@link #STALE_INTERVALS} intervals ago is ignored.
 * A replica's reporter is closed (evicted) once its entry is removed or stale (checked as entries change, at every
 * flush, and before a new replica would be refused), so at most {@link #MAX_REPLICAS} are held and a new replica is
 * refused only while that many others report.
 */
public final class LoadExchange implements StoreFollower, AutoCloseable {

    /** How many intervals old an entry may be and still count. */
    public static final int STALE_INTERVALS = 3;
    /** The most other replicas whose reports are taken (each holds one reporter). */
    public static final int MAX_REPLICAS = 64;

    private static final Logger log = LoggerFactory.getLogger(LoadExchange.class);

    private final LoadStore loads;
    private final Store store;
    private final Clock clock;
    private final Duration interval;
    private final LoadDeltas deltas = new LoadDeltas();
    /** The reporter of each other replica's entries, by replica name. */
    private final Map<String, LoadStore.Reporter> replicas = new ConcurrentHashMap<>();
    private Periodic flushing;

    public LoadExchange(LoadStore loads, Store store, Clock clock, Duration interval) {
        this.loads = Objects.requireNonNull(loads, "loads");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("load-report-interval: " + interval + " (expected: > 0)");
        }
        this.interval = interval;
    }

    /**
     * On a replicated store: collects this replica's sidecars' reports and writes them every interval (whoever wires
     * it has the store {@link Store#follow follow} it too, for the others'); returns this.
     */
    public LoadExchange start() {
        if (store.replicated()) {
            collect();
            flushing = Periodic.every(interval, "banyan-load-exchange", "sharing load reports", this::flush);
        }
        return this;
    }

    /** Collects the reports of this replica's own sidecars (not those taken from other replicas). */
    void collect() {
        loads.onRecorded((from, cluster, side, shadow) -> {
            if (!replicas.containsValue(from)) {
                deltas.add(cluster, side, shadow);
            }
        });
    }

    /**
     * Writes what this replica's sidecars reported since the previous flush (nothing: nothing is written); on the
     * leader, first removes the entries of replicas that wrote none for {@link StaleEntries#KEPT_INTERVALS} intervals;
     * evicts the reporters of replicas whose entry is gone or stale.
     */
    public void flush() {
        StaleEntries.remove(store.leadership(), store.loads(), StoredLoads::writtenAt, StoredLoads::replica,
                clock.instant().minus(interval.multipliedBy(StaleEntries.KEPT_INTERVALS)));
        evictGone();
        Map<String, StoredLoads.Cluster> drained = new HashMap<>();
        deltas.drain().forEach((cluster, sum) -> drained.put(cluster, StoredLoadsForm.of(sum)));
        if (!drained.isEmpty()) {
            store.loads().put(store.replica(), new StoredLoads(store.replica(), clock.instant(), drained));
        }
    }

    /** Another replica wrote its reports: add them to this replica's load store, unless they are stale. */
    @Override
    public void changed(String map, String key, String value) {
        if (store.loads().name().equals(map) && !key.equals(store.replica())) {
            // the value told (this change's), not the map's latest: the follower may run after a later write of the
            // same replica is in the store already, and each write carries other reports
            Optional<StoredLoads> entry = value == null ? Optional.empty()
                    : store.loads().parse(value).or(() -> store.loads().get(key));
            if (entry.isPresent()) {
                take(entry.get());
            } else {
                evict(key);
            }
        }
    }

    /**
     * The store re-read everything: nothing is taken again (entries already taken would count twice); what other
     * replicas wrote while the watch was lost is missing from the window.
     */
    @Override
    public void reloaded() {
        evictGone();
    }

    private synchronized void take(StoredLoads entry) {
        if (stale(entry)) {
            log.debug("load reports of replica {} written at {} are stale; ignored", entry.replica(),
                    entry.writtenAt());
            evict(entry.replica());
            return;
        }
        if (!replicas.containsKey(entry.replica()) && replicas.size() >= MAX_REPLICAS) {
            evictGone();
        }
        if (!replicas.containsKey(entry.replica()) && replicas.size() >= MAX_REPLICAS) {
            log.warn("load reports of replica {} ignored: {} replicas report already (expected: at most {})",
                    entry.replica(), replicas.size(), MAX_REPLICAS);
            return;
        }
        LoadStore.Reporter reporter = replicas.computeIfAbsent(entry.replica(), name -> loads.reporter());
        entry.clusters().forEach((cluster, stored) -> {
            try {
                reporter.record(cluster, StoredLoadsForm.side(stored), StoredLoadsForm.shadow(stored));
            } catch (IllegalArgumentException | ArithmeticException e) {
                log.warn("load report of replica {} about {} ignored: {}", entry.replica(), cluster, e.getMessage());
            }
        });
    }

    private boolean stale(StoredLoads entry) {
        return entry.writtenAt().isBefore(clock.instant().minus(interval.multipliedBy(STALE_INTERVALS)));
    }

    /** Closes the reporters of the replicas whose entry is gone or stale: their places go to new replicas. */
    private synchronized void evictGone() {
        for (String replica : List.copyOf(replicas.keySet())) {
            if (store.loads().get(replica).map(this::stale).orElse(true)) {
                evict(replica);
            }
        }
    }

    /** Closes the reporter of {@code replica}, if it has one. */
    private synchronized void evict(String replica) {
        LoadStore.Reporter reporter = replicas.remove(replica);
        if (reporter != null) {
            reporter.close();
            log.debug("load reports of replica {} no longer taken: its entry is gone or stale", replica);
        }
    }

    @Override
    public void close() {
        if (flushing != null) {
            flushing.close();
        }
        replicas.values().forEach(LoadStore.Reporter::close);
    }
}
