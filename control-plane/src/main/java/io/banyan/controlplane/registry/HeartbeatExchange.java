package io.banyan.controlplane.registry;

import io.banyan.controlplane.replica.Periodic;
import io.banyan.controlplane.replica.StaleEntries;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredHeartbeats;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Shares heartbeats between control-plane replicas (a replicated store; on the embedded store it does nothing): every
 * interval each replica writes the heartbeats it received since its previous flush to the store's {@code heartbeats}
 * map under its replica name, and takes the other replicas' entries as they change (the later heartbeat wins). One
 * flush writes at most {@link #MAX_FLUSH_BYTES} of heartbeats (far below etcd's 1.5 MiB request limit), the most
 * recent first; the rest are carried to the next flush, as are those of a flush whose write failed (unless a newer
 * heartbeat of the same instance came meanwhile: the newer is kept). At most {@link #MAX_CARRIED} wait, the latest. An instance that heartbeats on any replica is so healthy again everywhere
 * within about one interval; expiry waits two intervals past a TTL ({@link Registry#useExpirySlack}) so that a
 * heartbeat on the way is not missed.
 */
public final class HeartbeatExchange implements StoreFollower, AutoCloseable {

    /**
     * The most one flush writes, in bytes of JSON as estimated by {@link #jsonBytes}: 512 KiB, far below the etcd
     * store's 1 MiB per transaction and etcd's 1.5 MiB per request.
     */
    public static final long MAX_FLUSH_BYTES = 512 * 1024;
    /** The most heartbeats waiting for a flush (the latest are kept). */
    public static final int MAX_CARRIED = 100_000;

    private static final Logger log = LoggerFactory.getLogger(HeartbeatExchange.class);

    /** Writes this replica's entry of the {@code heartbeats} map. */
    interface Writer {
        void write(StoredHeartbeats entry);
    }

    /** How often, in intervals, a replica with no heartbeats to share still writes its (empty) entry. */
    static final int LIVENESS_INTERVALS = 3;

    private final Registry registry;
    private final Store store;
    private final Clock clock;
    private final Duration interval;
    private final Supplier<Map<String, Instant>> drain;
    private final Writer writer;
    private final long maxFlushBytes;
    /** Heartbeats drained and not yet written, by instance id. Guarded by this. */
    private final Map<String, Instant> carried = new HashMap<>();
    /** When this replica last wrote its entry (null: not yet). Guarded by this. */
    private Instant lastWritten;
    private Periodic flushing;

    public HeartbeatExchange(Registry registry, Store store, Clock clock, Duration interval) {
        this(registry, store, clock, interval, registry::drainHeartbeats,
                entry -> store.heartbeats().put(entry.replica(), entry), MAX_FLUSH_BYTES);
    }

    /** As above; {@code drain} hands out the heartbeats received here, {@code writer} writes an entry (tests). */
    HeartbeatExchange(Registry registry, Store store, Clock clock, Duration interval,
            Supplier<Map<String, Instant>> drain, Writer writer, long maxFlushBytes) {
        this.drain = Objects.requireNonNull(drain, "drain");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.maxFlushBytes = maxFlushBytes;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat-exchange: " + interval + " (expected: > 0)");
        }
        this.interval = interval;
    }

    /**
     * On a replicated store: flushes this replica's heartbeats every interval (whoever wires it has the store
     * {@link Store#follow follow} it too, for the others'); returns this.
     */
    public HeartbeatExchange start() {
        if (store.replicated()) {
            registry.useExpirySlack(interval.multipliedBy(2));
            flushing = Periodic.every(interval, "banyan-heartbeat-exchange", "sharing heartbeats", this::flush);
        }
        return this;
    }

    /**
     * Writes the heartbeats received here since the previous flush and those carried from it (none: nothing is
     * written), the most recent first, up to {@link #MAX_FLUSH_BYTES}; on the leader, first removes the entries of
     * replicas that wrote none for {@link StaleEntries#KEPT_INTERVALS} intervals. A write that fails leaves its
     * heartbeats for the next flush, and throws.
     */
    public synchronized void flush() {
        StaleEntries.remove(store.leadership(), store.heartbeats(), StoredHeartbeats::writtenAt,
                StoredHeartbeats::replica, clock.instant().minus(interval.multipliedBy(StaleEntries.KEPT_INTERVALS)));
        drain.get().forEach((id, at) -> carried.merge(id, at, HeartbeatExchange::later));
        if (carried.size() > MAX_CARRIED) {
            int dropped = carried.size() - MAX_CARRIED;
            List<String> oldestFirst = carried.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue()).limit(dropped).map(Map.Entry::getKey).toList();
            oldestFirst.forEach(carried::remove);
            log.warn("{} heartbeats waited for the exchange beyond the {} kept; the oldest were dropped", dropped,
                    MAX_CARRIED);
        }
        if (carried.isEmpty() && !livenessDue()) {
            return;
        }
        List<Map.Entry<String, Instant>> latestFirst = new ArrayList<>(carried.entrySet());
        latestFirst.sort(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder()));
        Map<String, Instant> beats = new HashMap<>();
        long bytes = 0;
        for (Map.Entry<String, Instant> beat : latestFirst) {
            long next = bytes + jsonBytes(beat.getKey());
            if (next > maxFlushBytes && !beats.isEmpty()) {
                break;
            }
            bytes = next;
            beats.put(beat.getKey(), beat.getValue());
        }
        writer.write(new StoredHeartbeats(store.replica(), clock.instant(), beats)); // throws: all stay carried
        lastWritten = clock.instant();
        beats.forEach(carried::remove); // (what is written is the latest: flushes take turns)
        if (!carried.isEmpty()) {
            log.debug("{} heartbeats carried to the next exchange ({} bytes written)", carried.size(), bytes);
        }
    }

    /**
     * Whether the entry is to be written though no heartbeat waits: it also tells the other replicas that this one is
     * alive ({@code replica.ReplicaPresence}; the leader removes entries unwritten for
     * {@link StaleEntries#KEPT_INTERVALS} intervals), so a replica that receives no heartbeats writes an empty one
     * every {@value #LIVENESS_INTERVALS} intervals.
     */
    private boolean livenessDue() {
        return lastWritten == null
                || !clock.instant().isBefore(lastWritten.plus(interval.multipliedBy(LIVENESS_INTERVALS)));
    }

    /**
     * What one heartbeat weighs in the entry's JSON, at most: the id's UTF-8 bytes and 40 (the quotes, colon and comma
     * and the longest time, {@code "2026-12-07T20:00:00.123456789Z"}).
     */
    static long jsonBytes(String id) {
        return id.getBytes(StandardCharsets.UTF_8).length + 40L;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** How many heartbeats wait for the next flush. */
    synchronized int carried() {
        return carried.size();
    }

    /** Another replica flushed its heartbeats: take them. */
    @Override
    public void changed(String map, String key, String value) {
        if (store.heartbeats().name().equals(map) && !key.equals(store.replica())) {
            // the value told (this change's), not the map's latest: a later flush of the same replica may be in the
            // store already, and it carries other heartbeats
            Optional<StoredHeartbeats> told = value == null ? Optional.empty() : store.heartbeats().parse(value);
            told.or(() -> store.heartbeats().get(key)).ifPresent(entry -> registry.mergeHeartbeats(entry.heartbeats()));
        }
    }

    /** The store re-read everything: take every other replica's latest heartbeats. */
    @Override
    public void reloaded() {
        for (StoredHeartbeats entry : store.heartbeats().values()) {
            if (!entry.replica().equals(store.replica())) {
                registry.mergeHeartbeats(entry.heartbeats());
            }
        }
    }

    @Override
    public void close() {
        if (flushing != null) {
            flushing.close();
        }
    }
}
