package io.banyan.controlplane.registry;

import io.banyan.controlplane.replica.Periodic;
import io.banyan.controlplane.replica.StaleEntries;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredHeartbeats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Shares heartbeats between control-plane replicas (a replicated store; on the embedded store it does nothing): every
 * interval each replica writes the heartbeats it received since its previous flush to the store's {@code heartbeats}
 * map under its replica name (at most {@link #MAX_HEARTBEATS}, the latest), and takes the other replicas' entries as
 * they change (the later heartbeat wins). An instance that heartbeats on any replica is so healthy again everywhere
 * within about one interval; expiry waits two intervals past a TTL ({@link Registry#useExpirySlack}) so that a
 * heartbeat on the way is not missed.
 */
public final class HeartbeatExchange implements StoreFollower, AutoCloseable {

    /** The most heartbeats one replica writes in one flush (the latest are kept). */
    public static final int MAX_HEARTBEATS = 100_000;

    private final Registry registry;
    private final Store store;
    private final Clock clock;
    private final Duration interval;
    private Periodic flushing;

    public HeartbeatExchange(Registry registry, Store store, Clock clock, Duration interval) {
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
     * Writes the heartbeats received here since the previous flush (none: nothing is written); on the leader, first
     * removes the entries of replicas that wrote none for {@link StaleEntries#KEPT_INTERVALS} intervals.
     */
    public void flush() {
        StaleEntries.remove(store.leadership(), store.heartbeats(), StoredHeartbeats::writtenAt,
                StoredHeartbeats::replica, clock.instant().minus(interval.multipliedBy(StaleEntries.KEPT_INTERVALS)));
        Map<String, Instant> beats = registry.drainHeartbeats();
        if (beats.isEmpty()) {
            return;
        }
        if (beats.size() > MAX_HEARTBEATS) {
            beats = beats.entrySet().stream()
                    .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder()))
                    .limit(MAX_HEARTBEATS)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
        store.heartbeats().put(store.replica(), new StoredHeartbeats(store.replica(), clock.instant(), beats));
    }

    /** Another replica flushed its heartbeats: take them. */
    @Override
    public void changed(String map, String key, String value) {
        if (store.heartbeats().name().equals(map) && !key.equals(store.replica())) {
            store.heartbeats().get(key).ifPresent(entry -> registry.mergeHeartbeats(entry.heartbeats()));
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
