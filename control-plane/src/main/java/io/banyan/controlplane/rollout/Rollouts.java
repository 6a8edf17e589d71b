package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.loadstats.RequestCounts;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredRollout;
import io.banyan.controlplane.xds.NodeViews;
import io.banyan.controlplane.xds.SidecarDirectory;
import io.banyan.controlplane.xds.SidecarStatus;
import io.banyan.controlplane.xds.SnapshotPublisher;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The staged rollouts: at most one in flight per object and {@value #MAX_IN_FLIGHT} mesh-wide, and the last
 * {@value #MAX_FINISHED} finished. Stages a write ({@link #stage}): before it is stored, its object is shown to every
 * node at its value before it; once stored, the canary nodes are chosen and shown the new value. As the publisher's
 * {@link NodeViews}, shows each node the configuration with the objects of the rollouts it is not a canary of at
 * their value before. {@link #finish} drops a rollout's overlay. With replicas, follows the store's {@code rollouts}
 * map ({@link #changed}): another replica's rollouts are shown in flight (their objects' writes refused here) and in
 * the history as that replica writes them, but never decided here: only the replica that staged a rollout drives it
 * ({@link RolloutDriver}); the leader takes over the baking ones of a replica that is gone ({@link #takeOver}).
 * Thread-safe.
 */
public final class Rollouts implements NodeViews, StoreFollower {

    public static final int MAX_IN_FLIGHT = 16;
    public static final int MAX_FINISHED = 50;
    private static final Logger log = LoggerFactory.getLogger(Rollouts.class);
    private static final long PUBLISHER_WAIT_SECONDS = 10;

    private final SnapshotPublisher publisher;
    private final SidecarDirectory directory;
    private final NodeLoads loads;
    private final Clock clock;
    /** Null: rollouts are not kept across restarts (tests of the parts). */
    private final RolloutJournal journal;
    private final Map<RolloutState, Counter> outcomes = new EnumMap<>(RolloutState.class);
    /** In flight, by object key, in the order they started. */
    private final Map<String, RolloutRecord> inFlight = new LinkedHashMap<>();
    /** Finished, newest first. */
    private final Deque<RolloutRecord> finished = new ArrayDeque<>();

    public Rollouts(SnapshotPublisher publisher, SidecarDirectory directory, NodeLoads loads, Clock clock,
                    MeterRegistry meters) {
        this(publisher, directory, loads, null, clock, meters);
    }

    /**
     * Keeping the rollouts in {@code store}: the finished ones are read back as history; those that were baking are
     * read back in flight (showing nothing, their writes refused) until {@link #interrupted} ones are reverted.
     */
    public Rollouts(SnapshotPublisher publisher, SidecarDirectory directory, NodeLoads loads, Store store,
                    Clock clock, MeterRegistry meters) {
        this.journal = store == null ? null : new RolloutJournal(store, clock);
        if (journal != null) {
            for (RolloutRecord kept : journal.load()) {
                if (kept.state() == RolloutState.BAKING) {
                    inFlight.put(kept.key(), kept);
                } else {
                    finished.addFirst(kept);
                }
            }
        }
        this.publisher = publisher;
        this.directory = directory;
        this.loads = loads;
        this.clock = clock;
        for (RolloutState outcome : List.of(RolloutState.PROMOTED, RolloutState.REVERTED)) {
            outcomes.put(outcome, Counter.builder(MetricNames.ROLLOUTS)
                    .description("Staged rollouts finished, by outcome")
                    .tag("outcome", outcome.wireName()).register(meters));
        }
        publisher.useViews(this);
    }

    /** Throws {@link RolloutConflictException} (409) when a rollout of the object is in flight. */
    public synchronized void checkIdle(ConfigKind kind, String object) {
        RolloutRecord busy = inFlight.get(RolloutRecord.key(kind, object));
        if (busy != null) {
            throw new RolloutConflictException(kind.wireName() + " '" + object + "': rollout " + busy.id()
                    + " is in flight (expected: wait until it is promoted or reverted, GET /v1/rollouts/"
                    + busy.id() + ")");
        }
    }

    /**
     * Stages a write: checks the rollout (one per object, at most {@value #MAX_IN_FLIGHT}, named nodes connected),
     * shows every node the object at {@code stable} while {@code write} stores it (a failed write stages nothing),
     * then chooses the canaries and shows them the new value. Blocks its caller (an admin worker, never an event
     * loop) until the publisher rebuilt the nodes.
     *
     * @param write stores the object and answers the revision that did
     */
    public RolloutRecord stage(ConfigKind kind, String object, Rollout rollout, StableValue stable,
                               LongSupplier write) {
        RolloutRecord pending = begin(kind, object, rollout, stable);
        long revision;
        try {
            revision = write.getAsLong();
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                inFlight.remove(pending.key());
            }
            rebuild();
            throw e;
        }
        RolloutRecord written = pending.written(revision);
        List<String> canary = rollout.named() ? CanaryChoice.of(rollout, List.of())
                : CanaryChoice.of(rollout, await(publisher.nodesAltered(stable)).orElse(List.of()));
        Map<String, Map<String, SidecarStatus.Nack>> nacks = new HashMap<>();
        directory.sidecars().stream().filter(status -> canary.contains(status.nodeId()))
                .forEach(status -> nacks.put(status.nodeId(), CanaryAcks.nacks(status)));
        RolloutRecord chosen = written.withCanary(canary, nacks);
        synchronized (this) {
            inFlight.put(chosen.key(), chosen);
        }
        if (journal != null) {
            journal.save(chosen);
        }
        loads.watch(true);
        rebuild();
        log.info("rollout {} of {} '{}' (revision {}): canary {} until {}", chosen.id(), kind.wireName(), object,
                revision, canary, chosen.bakeUntil());
        return chosen;
    }

    private synchronized RolloutRecord begin(ConfigKind kind, String object, Rollout rollout, StableValue stable) {
        checkIdle(kind, object);
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            throw new RolloutConflictException("rollouts: " + inFlight.size() + " in flight (expected: at most "
                    + MAX_IN_FLIGHT + "; wait until one is promoted or reverted)");
        }
        if (rollout.named()) {
            Set<String> connected = directory.sidecars().stream().map(SidecarStatus::nodeId)
                    .collect(Collectors.toSet());
            rollout.nodes().stream().filter(node -> !connected.contains(node)).findFirst().ifPresent(node -> {
                throw new InvalidFieldException("rollout.nodes", "rollout.nodes: '" + node
                        + "' is not connected (expected: ids of connected nodes, GET /v1/sidecars)");
            });
        }
        Instant now = clock.instant();
        RolloutRecord pending = new RolloutRecord("", 0, kind, object, rollout, stable, RolloutState.BAKING,
                List.of(), now, now.plus(rollout.bake()), null, Map.of());
        inFlight.put(pending.key(), pending);
        return pending;
    }

    /**
     * Ends a rollout in flight as {@code outcome} (promoted: every node is shown the stored value; reverted: the
     * caller wrote the object back first), dropping its overlay; false when it is no longer in flight.
     */
    public boolean finish(String id, RolloutState outcome, String reason) {
        RolloutRecord done;
        boolean idle;
        synchronized (this) {
            RolloutRecord current = inFlight.values().stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElse(null);
            if (current == null) {
                return false;
            }
            inFlight.remove(current.key());
            done = current.finished(outcome, reason);
            finished.addFirst(done);
            List<String> dropped = new ArrayList<>();
            while (finished.size() > MAX_FINISHED) {
                dropped.add(finished.removeLast().id());
            }
            idle = inFlight.isEmpty();
            if (journal != null) {
                journal.save(done);
                journal.remove(dropped);
            }
        }
        outcomes.get(outcome).increment();
        rebuild();
        if (idle) {
            loads.watch(false);
        }
        log.info("rollout {} of {} '{}' {}{}", id, done.kind().wireName(), done.object(), outcome.wireName(),
                reason == null ? "" : ": " + reason);
        return true;
    }

    /**
     * The rollouts read back baking that this replica staged (same replica name: a restart with a stable
     * {@code --replica-name}, or the embedded store) or that name no replica (records from before replicas were
     * recorded): {@link #interrupted(Predicate)} with no other replica gone.
     */
    public List<RolloutRecord> interrupted() {
        return interrupted(replica -> false);
    }

    /**
     * The rollouts read back baking that a restart interrupted, to be reverted: those this replica staged, those that
     * name no replica, and those of a replica that {@code gone} says is gone; a baking rollout of a live replica is
     * left to it (its canaries are its nodes). Each is first looked up in the store again: one its replica finished
     * since is no longer in flight here and joins the history as the store has it.
     */
    public synchronized List<RolloutRecord> interrupted(Predicate<String> gone) {
        List<RolloutRecord> interrupted = new ArrayList<>();
        for (RolloutRecord kept : List.copyOf(inFlight.values())) {
            if (kept.stable() != RolloutJournal.NOTHING) {
                continue;
            }
            Optional<StoredRollout> stored = journal == null ? Optional.empty() : journal.stored(kept.id());
            if (stored.isEmpty() || !RolloutState.BAKING.wireName().equals(stored.get().state())) {
                inFlight.remove(kept.key());
                stored.flatMap(journal::record).ifPresent(finished::addFirst);
                continue;
            }
            String replica = stored.get().replica();
            if (replica == null || replica.equals(journal.replica()) || gone.test(replica)) {
                interrupted.add(kept);
            }
        }
        return List.copyOf(interrupted);
    }

    /**
     * The rollouts this replica staged whose canaries are baking (chosen and stored): those decided here. Those of
     * other replicas and those read back baking are in flight (see {@link #all}) but not among them.
     */
    public synchronized List<RolloutRecord> baking() {
        return inFlight.values().stream().filter(r -> r.revision() != 0 && r.stable() != RolloutJournal.NOTHING)
                .toList();
    }

    /**
     * In flight first (oldest first; also those of other replicas and those read back baking), then the finished
     * ones, newest first.
     */
    public synchronized List<RolloutRecord> all() {
        List<RolloutRecord> all = new ArrayList<>(inFlight.values().stream().filter(r -> r.revision() != 0)
                .toList());
        all.addAll(finished);
        return List.copyOf(all);
    }

    public synchronized Optional<RolloutRecord> get(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The rollout that staged {@code revision}, if one is kept. */
    public Optional<RolloutRecord> ofRevision(long revision) {
        return get(RolloutRecord.idOf(revision));
    }

    /**
     * Whether this replica may write {@code interrupted} (one {@link #interrupted(Predicate)} answered with the same
     * {@code gone}) back, and why, judged on the record the store holds now:
     * one it staged itself before a restart, at once ({@link RolloutDriver#RESTARTED}); one of another replica (gone)
     * or of none, only once it took the record over ({@link RolloutJournal#claim}, an If-Match on the record), so that
     * of two leaders only one reverts it. Empty when it is no longer baking or another replica took it first. A
     * rollout taken over names this replica: if writing it back fails it is retried here, or by the next leader once
     * this replica is gone.
     */
    public Optional<String> takeOver(RolloutRecord interrupted, Predicate<String> gone) {
        if (journal == null) {
            return Optional.of(RolloutDriver.RESTARTED);
        }
        Optional<StoredRollout> stored = journal.stored(interrupted.id());
        if (stored.isEmpty() || !RolloutState.BAKING.wireName().equals(stored.get().state())) {
            return Optional.empty();
        }
        String owner = stored.get().replica();
        if (journal.replica().equals(owner)) {
            return Optional.of(RolloutDriver.RESTARTED);
        }
        if (owner != null && !gone.test(owner)) {
            return Optional.empty();
        }
        if (!journal.claim(stored.get())) {
            log.info("rollout {}: taken over or changed by another replica first, left to it", interrupted.id());
            return Optional.empty();
        }
        return Optional.of(owner == null ? RolloutDriver.RESTARTED
                : "replica '" + owner + "' that staged it is gone (no heartbeats); written back by replica '"
                + journal.replica() + "'");
    }

    /** Another replica wrote rollout {@code key}: this replica's view follows the store's record. */
    @Override
    public void changed(String map, String key, String value) {
        if (journal == null || !journal.mapName().equals(map)) {
            return;
        }
        Optional<RolloutRecord> stored = journal.stored(key).flatMap(journal::record);
        boolean dropped;
        boolean live;
        synchronized (this) {
            dropped = followLocked(key, stored);
            live = !baking().isEmpty();
        }
        if (dropped) {
            afterDropped(live);
        }
    }

    /** The store re-read everything: every rollout not staged here is re-read (in flight or history). */
    @Override
    public void reloaded() {
        if (journal == null) {
            return;
        }
        List<RolloutRecord> kept = journal.load();
        boolean dropped = false;
        boolean live;
        synchronized (this) {
            Map<String, RolloutRecord> byId = new HashMap<>();
            kept.forEach(r -> byId.put(r.id(), r));
            for (RolloutRecord held : List.copyOf(inFlight.values())) {
                if (held.stable() == RolloutJournal.NOTHING) {
                    inFlight.remove(held.key());
                } else if (!held.id().isEmpty() && byId.containsKey(held.id())
                        && byId.get(held.id()).state() != RolloutState.BAKING) {
                    inFlight.remove(held.key());
                    dropped = true;
                }
            }
            finished.clear();
            for (RolloutRecord r : kept) {
                if (r.state() != RolloutState.BAKING) {
                    finished.addFirst(r);
                } else if (!inFlight.containsKey(r.key())) {
                    inFlight.put(r.key(), r);
                }
            }
            while (finished.size() > MAX_FINISHED) {
                finished.removeLast();
            }
            live = !baking().isEmpty();
        }
        if (dropped) {
            afterDropped(live);
        } else {
            publisher.rebuildAll();
        }
    }

    /**
     * Holds rollout {@code id} as the store now has it (empty: removed); answers whether a rollout staged here was
     * finished by another replica (a leader that took it over), its overlay dropped.
     */
    private boolean followLocked(String id, Optional<RolloutRecord> stored) {
        RolloutRecord held = inFlight.values().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        boolean ours = held != null && held.stable() != RolloutJournal.NOTHING;
        finished.removeIf(r -> r.id().equals(id));
        if (stored.isEmpty()) {
            if (held != null) {
                inFlight.remove(held.key());
            }
            return ours;
        }
        RolloutRecord record = stored.get();
        if (record.state() == RolloutState.BAKING) {
            if (ours) {
                return false;
            }
            RolloutRecord other = inFlight.get(record.key());
            if (other != null && other.stable() != RolloutJournal.NOTHING && !other.id().equals(id)) {
                log.warn("rollout {} of {} '{}' by another replica while rollout {} of it is in flight here",
                        id, record.kind().wireName(), record.object(), other.id().isEmpty() ? "(staging)"
                                : other.id());
                return false;
            }
            inFlight.put(record.key(), record);
            return false;
        }
        if (held != null) {
            inFlight.remove(held.key());
        }
        finished.addFirst(record);
        while (finished.size() > MAX_FINISHED) {
            finished.removeLast();
        }
        if (ours) {
            log.warn("rollout {} of {} '{}' {} by another replica{}", id, record.kind().wireName(), record.object(),
                    record.state().wireName(), record.reason() == null ? "" : ": " + record.reason());
        }
        return ours;
    }

    /** A rollout staged here was finished elsewhere: its overlay is gone (rebuild, without waiting: a follower). */
    private void afterDropped(boolean live) {
        publisher.rebuildAll();
        if (!live) {
            loads.watch(false);
        }
    }

    /** What the canaries of {@code rollout} ended since it started. */
    public RequestCounts canaryStats(RolloutRecord rollout) {
        return loads.sum(rollout.canary(), rollout.startedAt(), clock.instant());
    }

    /** What the other reporting nodes ended over the same interval. */
    public RequestCounts restStats(RolloutRecord rollout) {
        return loads.sum(rest(rollout), rollout.startedAt(), clock.instant());
    }

    /** The connected nodes that are not canaries of {@code rollout}. */
    public List<String> rest(RolloutRecord rollout) {
        return directory.sidecars().stream().map(SidecarStatus::nodeId)
                .filter(node -> !rollout.canary().contains(node)).toList();
    }

    @Override
    public MeshConfig viewOf(SidecarNode node, MeshConfig current) {
        List<StableValue> stable;
        synchronized (this) {
            if (inFlight.isEmpty()) {
                return current;
            }
            stable = inFlight.values().stream().filter(r -> !r.canary().contains(node.id()))
                    .map(RolloutRecord::stable).toList();
        }
        MeshConfig view = current;
        for (StableValue value : stable) {
            view = value.apply(view);
        }
        return view;
    }

    private void rebuild() {
        await(publisher.rebuildAll());
    }

    private static <T> Optional<T> await(CompletableFuture<T> future) {
        try {
            return Optional.ofNullable(future.get(PUBLISHER_WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("xDS publisher did not answer: {}", e.toString());
            return Optional.empty();
        }
    }
}
