package io.banyan.controlplane.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.banyan.controlplane.replica.Reread;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoreUnavailableException;
import io.banyan.controlplane.store.StoredInstance;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.store.StoredService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The service registry: services (created by {@link #putService} or by their first instance) and
 * their instances, persisted in the {@link Store}.
 *
 * <p>Health is TTL-based. An instance with a TTL misses it once {@code now - lastHeartbeat > ttl}
 * and is healthy again at its next heartbeat. An instance registered without a TTL is healthy until it
 * is deregistered (it is then the registrant's job to deregister it). Heartbeat times are kept in
 * memory only: instances restored from the store at startup count as heartbeated at startup and get
 * {@link RegistryRules#startupGrace()} to heartbeat again. A missed TTL expires the instance unless
 * self-preservation holds it, and an expired instance is reaped after {@link RegistryRules#reapAfter()}
 * (the rules are {@link RegistryRules}'; {@link HealthState} names the states).
 *
 * <p>Creating and deleting a service are revisions of the mesh configuration (kind {@code service}, JSON
 * {@code {"name": ...}}; a service its first registration creates is authored {@code registration}).
 *
 * <p>Every change (register, deregister, health flip, service put/delete) produces a new immutable
 * {@link RegistrySnapshot} with the next revision, delivered to every {@link RegistryListener} in
 * order on one notification thread, never while a lock is held; a listener that is behind gets the newest only.
 * Consecutive snapshots share structure: a service whose instances did not change keeps the same {@code List}
 * instance. A heartbeat that does not change health produces no snapshot and writes nothing to the store, so a
 * snapshot's {@code lastHeartbeat} values may be older than the
 * registry's; reads ({@link #get}, {@link #snapshot}) always return current values. Registering and deregistering
 * cost O(instances of the service), never O(all instances): the address index finds a re-registered address, the
 * snapshot rebuilds only the changed services' lists, and the store's group commit syncs many writes at once
 * ({@link #registerLater} answers once the write is durable, without holding a thread). Health flips are
 * found by {@link #sweep()}, which {@link TtlSweeper} calls periodically and every read calls first.
 *
 * <p>Replicas (a replicated store, see docs/store.md): as a {@link StoreFollower} the registry takes another
 * replica's registrations, deregistrations and service changes as if they were made here (an instance learnt so counts
 * as heartbeated when it is learnt); on a replicated store a registration or deregistration made here is applied and
 * published only once its commit succeeded (the embedded store publishes before its sync, undoing on a failure).
 * Heartbeats stay on the replica that received them; {@link HeartbeatExchange} shares them ({@link #drainHeartbeats},
 * {@link #mergeHeartbeats}). Every replica judges health; only the store's leader reaps ({@link TtlSweeper}).
 */
public final class Registry implements StoreFollower, AutoCloseable {

    /** The most instances one sweep reaps (the rest go in the next sweeps). */
    static final int REAP_BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(Registry.class);
    /** The author of a service created by its first registration. */
    static final String REGISTRATION_AUTHOR = "registration";

    private final Store store;
    private final Clock clock;
    private final RegistryMetrics metrics;
    private final RegistryRules rules;
    private final SnapshotNotifier notifier = new SnapshotNotifier();
    /**
     * Undoes in memory a write whose group commit failed, and (replicated store) applies a write once committed: off
     * the store's commit thread, in the order the commits complete.
     */
    private final ExecutorService undoer = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "banyan-registry-undo");
        t.setDaemon(true);
        return t;
    });

    /** Runs the store's read barriers ({@link #find}): they may wait up to twice the store's timeout. */
    private final ExecutorService syncer = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "banyan-registry-sync");
        t.setDaemon(true);
        return t;
    });
    private final ReadBarrier barrier;

    private final Object lock = new Object();
    private final Map<String, StoredService> services = new TreeMap<>();
    private final Map<String, Tracked> instances = new HashMap<>();
    private final RegistryIndex index = new RegistryIndex();
    private long revision;
    private final Revisions revisions;
    /** Heartbeats received here since the last {@link #drainHeartbeats}, by id (bounded: known ids only). */
    private final Map<String, Instant> recentHeartbeats = new HashMap<>();
    /** Added to every TTL before it counts as missed (replicated store: heartbeats arrive one exchange late). */
    private volatile Duration expirySlack = Duration.ZERO;

    /** Loads the registry from {@code store} with the {@link RegistryRules#DEFAULT default rules}. */
    public Registry(Store store, Clock clock, MeterRegistry meters) {
        this(store, clock, meters, RegistryRules.DEFAULT);
    }

    /** Loads the registry from {@code store}; the initial state is revision 1. */
    public Registry(Store store, Clock clock, MeterRegistry meters, RegistryRules rules) {
        this(store, clock, meters, rules, new Revisions(store, clock, new SimpleMeterRegistry()));
    }

    /** As above; service creations and deletions are recorded in {@code revisions}. */
    public Registry(Store store, Clock clock, MeterRegistry meters, RegistryRules rules, Revisions revisions) {
        this.revisions = Objects.requireNonNull(revisions, "revisions");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = new RegistryMetrics(Objects.requireNonNull(meters, "meters"));
        this.rules = RegistryRules.orDefault(rules);
        this.barrier = new ReadBarrier(store::sync, syncer);
        Instant now = clock.instant();
        Instant graceEnd = now.plus(this.rules.startupGrace());
        for (StoredService service : store.services().values()) {
            revisions.adopt(ConfigKind.SERVICE, service.name(), () -> serviceJson(service.name()));
            services.put(service.name(), service);
        }
        for (StoredInstance stored : store.instances().values()) {
            Instance instance = fromStored(stored);
            services.computeIfAbsent(instance.service(), name -> new StoredService(name, now));
            putLocked(Tracked.restored(instance, now, graceEnd));
        }
        services.keySet().forEach(index::addService);
        revision = 1;
        RegistrySnapshot first = buildSnapshot();
        metrics.onChange(first);
        notifier.add(metrics, first);
        log.info("registry loaded: {} services, {} instances", services.size(), instances.size());
    }

    /**
     * Adds a listener; it first receives the current snapshot (on the notification thread), then the later ones;
     * when it is behind, only the newest (see {@link SnapshotNotifier}).
     */
    public void addListener(RegistryListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            notifier.add(listener, buildSnapshot());
        }
    }

    public void removeListener(RegistryListener listener) {
        notifier.remove(listener);
    }

    /**
     * Registers a new instance (creating its service if needed) and returns it with a fresh id, once the store's
     * commit that covers it is synced.
     */
    public InstanceHealth register(Registration registration) {
        return Store.durable(registerLater(registration));
    }

    /**
     * Registers as {@link #register} without waiting for the disk: the instance is in the registry (and published)
     * at once; the future completes once its store commit is synced (then acknowledge it), or fails with that
     * commit, and the registration is then undone. A store that takes no writes throws at once, changing nothing.
     */
    public CompletableFuture<InstanceHealth> registerLater(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        synchronized (lock) {
            Instance instance = registration.toInstance(index.idAt(registration.toInstance(""))
                    .orElseGet(() -> UUID.randomUUID().toString()));
            boolean creates = !services.containsKey(instance.service());
            // a registration that creates its service writes the service, its revision and the instance in ONE store
            // write: all of them commit or none (on etcd one transaction; no replica ever holds one without the other)
            CompletableFuture<?> written = creates
                    ? createServiceLater(instance.service(), ConfigWrite.by(REGISTRATION_AUTHOR),
                            new StoreBatch().put(store.instances(), instance.id(), toStored(instance)))
                    : store.instances().putLater(instance.id(), toStored(instance));
            if (store.replicated()) {
                undoneIfFailed(written, () -> creates && forgetEmptyServiceLocked(instance.service()),
                        "service creation by the registration of " + instance.id());
                return written.thenApplyAsync(done -> {
                    synchronized (lock) {
                        Tracked tracked = new Tracked(instance, clock.instant());
                        putLocked(tracked);
                        metrics.changed("register");
                        log.info("registered {} {}:{} as {}", instance.service(), instance.host(), instance.port(),
                                instance.id());
                        publishLocked();
                        return tracked.view();
                    }
                }, undoer);
            }
            Tracked tracked = new Tracked(instance, clock.instant());
            Tracked replaced = putLocked(tracked);
            metrics.changed("register");
            log.info("registered {} {}:{} as {}", instance.service(), instance.host(), instance.port(), instance.id());
            publishLocked();
            InstanceHealth view = tracked.view();
            return undoneIfFailed(written.thenApply(done -> view), () -> {
                boolean undone = false;
                if (instances.get(instance.id()) == tracked) {
                    removeLocked(tracked);
                    if (replaced != null) {
                        putLocked(replaced);
                    }
                    undone = true;
                }
                if (creates && forgetEmptyServiceLocked(instance.service())) {
                    undone = true;
                }
                return undone;
            }, "registration of " + instance.id());
        }
    }

    /** Forgets a service this registry created that has no instance; returns whether it did. */
    private boolean forgetEmptyServiceLocked(String service) {
        if (services.containsKey(service) && index.instancesOf(service).isEmpty()) {
            services.remove(service);
            index.removeService(service);
            return true;
        }
        return false;
    }

    /**
     * Records a heartbeat; empty if the id is unknown. An expired or held instance becomes healthy (a new snapshot).
     * Waits for {@link #heartbeatLater}.
     */
    public Optional<InstanceHealth> heartbeat(String id) {
        return Store.durable(heartbeatLater(id));
    }

    /**
     * {@link #heartbeat} that holds no thread: a known id is heartbeated at once; an id not known here is looked up as
     * {@link #find} does first (on a replicated store it may have been registered on another replica a moment ago).
     */
    public CompletableFuture<Optional<InstanceHealth>> heartbeatLater(String id) {
        Optional<InstanceHealth> beat = heartbeatKnown(id);
        if (beat.isPresent()) {
            return CompletableFuture.completedFuture(beat);
        }
        return find(id).thenApply(found -> found.isPresent() ? heartbeatKnown(id) : found);
    }

    /**
     * Instance {@code id}, looked up as a replicated store requires: an id known here answers at once; one that is not
     * may have been registered on another replica a moment ago, so (while the store is available) it is looked up
     * again after a read barrier that this replica shares among all such lookups ({@link ReadBarrier}: one
     * {@code store.sync()} in flight, on a thread of its own, never the caller's). Empty at once when the store is
     * embedded (nothing to wait for) or unavailable (the barrier could not pass); empty too when the barrier failed.
     */
    public CompletableFuture<Optional<InstanceHealth>> find(String id) {
        Optional<InstanceHealth> known = get(id);
        if (known.isPresent() || !store.replicated() || !store.available()) {
            return CompletableFuture.completedFuture(known);
        }
        return barrier.pass().handle((passed, failure) -> {
            if (failure != null) {
                log.debug("instance {} counts as unknown: the store's read barrier failed ({})", id, failure.toString());
                return Optional.empty();
            }
            followInstance(id);
            return get(id);
        });
    }

    private Optional<InstanceHealth> heartbeatKnown(String id) {
        synchronized (lock) {
            Tracked tracked = instances.get(id);
            if (tracked == null) {
                return Optional.empty();
            }
            tracked.lastHeartbeat = clock.instant();
            tracked.graceEnd = null;
            if (store.replicated()) {
                recentHeartbeats.put(id, tracked.lastHeartbeat);
            }
            judgeServiceLocked(tracked.instance.service());
            return Optional.of(tracked.view());
        }
    }

    /** The heartbeats received here since the previous call (by instance id), forgotten as they are handed out. */
    Map<String, Instant> drainHeartbeats() {
        synchronized (lock) {
            Map<String, Instant> drained = Map.copyOf(recentHeartbeats);
            recentHeartbeats.clear();
            return drained;
        }
    }

    /**
     * Takes heartbeats another replica received: each known instance's last heartbeat becomes the later of its own
     * and the given one (an expired instance heartbeated elsewhere is healthy again); unknown ids are ignored.
     */
    void mergeHeartbeats(Map<String, Instant> heartbeats) {
        synchronized (lock) {
            Set<String> judged = new HashSet<>();
            for (Map.Entry<String, Instant> beat : heartbeats.entrySet()) {
                Tracked tracked = instances.get(beat.getKey());
                if (tracked != null && beat.getValue().isAfter(tracked.lastHeartbeat)) {
                    tracked.lastHeartbeat = beat.getValue();
                    tracked.graceEnd = null;
                    judged.add(tracked.instance.service());
                }
            }
            Instant now = clock.instant();
            boolean changed = false;
            for (String service : judged) {
                changed |= judgeLocked(trackedOf(service), now);
            }
            if (changed) {
                publishLocked();
            }
        }
    }

    /** Counts a TTL as missed only {@code slack} after it ran out (a replicated store's heartbeat exchange). */
    void useExpirySlack(Duration slack) {
        this.expirySlack = Objects.requireNonNull(slack, "slack");
    }

    /** Another replica changed an instance or a service: take the change as if it were made here. */
    @Override
    public void changed(String map, String key, String value) {
        if (store.instances().name().equals(map)) {
            followInstance(key);
        } else if (store.services().name().equals(map)) {
            synchronized (lock) {
                if (followServiceLocked(key)) {
                    publishLocked();
                }
            }
        }
    }

    /** The store re-read everything: every service and instance, held or stored, is re-read. */
    @Override
    public void reloaded() {
        synchronized (lock) {
            // instances first: a service removed elsewhere goes once its instances have gone
            boolean changed = Reread.all(instances.keySet(), store.instances().values().stream()
                    .map(StoredInstance::id).toList(), id -> followInstanceLocked(id, store.instances().get(id)));
            changed |= Reread.all(services.keySet(), store.services().values().stream().map(StoredService::name)
                    .toList(), this::followServiceLocked);
            if (changed) {
                publishLocked();
            }
        }
    }

    private void followInstance(String id) {
        synchronized (lock) {
            if (followInstanceLocked(id, store.instances().get(id))) {
                publishLocked();
            }
        }
    }

    /** Holds instance {@code id} as stored (gone: removed); returns whether the registry changed. */
    private boolean followInstanceLocked(String id, Optional<StoredInstance> stored) {
        Tracked held = instances.get(id);
        if (stored.isEmpty()) {
            if (held == null) {
                return false;
            }
            removeLocked(held);
            metrics.changed("deregister");
            log.info("instance {} of {} removed by another replica", id, held.instance.service());
            return true;
        }
        Instance instance = fromStored(stored.get());
        if (held != null && held.instance.equals(instance)) {
            return false;
        }
        if (!services.containsKey(instance.service())) {
            services.put(instance.service(), store.services().get(instance.service())
                    .orElseGet(() -> new StoredService(instance.service(), clock.instant())));
            index.addService(instance.service());
        }
        putLocked(new Tracked(instance, clock.instant()));
        metrics.changed("register");
        log.info("registered {} {}:{} as {} on another replica", instance.service(), instance.host(),
                instance.port(), id);
        return true;
    }

    /** Holds service {@code name} as stored (gone: removed once it has no instance); whether the registry changed. */
    private boolean followServiceLocked(String name) {
        Optional<StoredService> stored = store.services().get(name);
        if (stored.isPresent()) {
            boolean added = services.put(name, stored.get()) == null;
            if (added) {
                index.addService(name);
                metrics.changed("service_put");
            }
            return added;
        }
        if (forgetEmptyServiceLocked(name)) {
            metrics.changed("service_delete");
            log.info("service {} deleted by another replica", name);
            return true;
        }
        return false;
    }

    /** Removes an instance; returns it as it was, or empty if the id is unknown; once its commit is synced. */
    public Optional<InstanceHealth> deregister(String id) {
        return Store.durable(deregisterLater(id));
    }

    /** {@link #deregister} without waiting for the disk, as {@link #registerLater}. */
    public CompletableFuture<Optional<InstanceHealth>> deregisterLater(String id) {
        synchronized (lock) {
            Tracked tracked = instances.get(id);
            if (tracked == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            CompletableFuture<Boolean> written = store.instances().removeLater(id);
            if (store.replicated()) {
                return written.thenApplyAsync(done -> {
                    synchronized (lock) {
                        Tracked held = instances.get(id);
                        if (held != null) {
                            removeLocked(held);
                            metrics.changed("deregister");
                            log.info("deregistered {} of {}", id, held.instance.service());
                            publishLocked();
                        }
                        return Optional.of(tracked.view());
                    }
                }, undoer);
            }
            removeLocked(tracked);
            metrics.changed("deregister");
            log.info("deregistered {} of {}", id, tracked.instance.service());
            publishLocked();
            Optional<InstanceHealth> view = Optional.of(tracked.view());
            return undoneIfFailed(written.thenApply(done -> view), () -> {
                if (!instances.containsKey(id)) {
                    putLocked(tracked);
                    return true;
                }
                return false;
            }, "deregistration of " + id);
        }
    }

    /**
     * When {@code written}'s commit fails, runs {@code undo} under the lock (on the undo thread, never the store's:
     * undo waits for the lock, whose holder may wait for a commit) and publishes if it changed anything. The store
     * fails the writes of one commit newest first, so undos run in reverse order of the writes.
     */
    private <T> CompletableFuture<T> undoneIfFailed(CompletableFuture<T> written, BooleanSupplier undo,
                                                 String what) {
        written.whenCompleteAsync((done, failure) -> {
            if (failure == null) {
                return;
            }
            synchronized (lock) {
                if (undo.getAsBoolean()) {
                    log.warn("{} undone: its store commit failed", what);
                    publishLocked();
                }
            }
        }, undoer);
        return written;
    }

    public Optional<InstanceHealth> get(String id) {
        synchronized (lock) {
            Tracked tracked = instances.get(id);
            if (tracked == null) {
                return Optional.empty();
            }
            judgeServiceLocked(tracked.instance.service());
            return Optional.of(tracked.view());
        }
    }

    /** The instances of one service (possibly none), or empty if the service is unknown. */
    public Optional<List<InstanceHealth>> service(String name) {
        synchronized (lock) {
            if (!services.containsKey(name)) {
                return Optional.empty();
            }
            judgeServiceLocked(name);
            return Optional.of(currentViews(name));
        }
    }

    /** The whole registry now, with current heartbeat times, at the current revision. */
    public RegistrySnapshot snapshot() {
        synchronized (lock) {
            judgeAllLocked();
            TreeMap<String, List<InstanceHealth>> byService = new TreeMap<>();
            services.keySet().forEach(name -> byService.put(name, currentViews(name)));
            return new RegistrySnapshot(revision, byService);
        }
    }

    /** The instances of {@code service} with their current heartbeat times, by id. */
    private List<InstanceHealth> currentViews(String service) {
        return index.instancesOf(service).stream().map(id -> instances.get(id).view())
                .collect(Collectors.toUnmodifiableList()); // List.copyOf keeps it as it is (toList()'s it copies)
    }

    /** Creates a service; returns true if it was created, false if it already existed. */
    public boolean putService(String name) {
        return putService(name, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /** {@link #putService(String)} on {@code by}'s If-Match, durably with its revision. */
    public boolean putService(String name, ConfigWrite by) {
        InvalidFieldException.serviceName("service", name);
        synchronized (lock) {
            revisions.check(ConfigKind.SERVICE, name, by);
            if (services.containsKey(name)) {
                return false;
            }
            createServiceLocked(name, by);
            metrics.changed("service_put");
            publishLocked();
            return true;
        }
    }

    /**
     * Deletes a service without instances; returns false if it is unknown.
     *
     * @throws ServiceNotEmptyException if it still has instances
     */
    public boolean deleteService(String name) {
        return deleteService(name, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /** {@link #deleteService(String)} on {@code by}'s If-Match, durably with its revision. */
    public boolean deleteService(String name, ConfigWrite by) {
        synchronized (lock) {
            revisions.check(ConfigKind.SERVICE, name, by);
            if (!services.containsKey(name)) {
                return false;
            }
            long count = index.instancesOf(name).size();
            if (count > 0) {
                throw new ServiceNotEmptyException(name, (int) count);
            }
            revisions.write(ConfigKind.SERVICE, name, Revisions.replacing(ConfigKind.SERVICE, name, store.services(),
                    name, stored -> serviceJson(name), null, null), by, new StoreBatch().remove(store.services(), name));
            services.remove(name);
            index.removeService(name);
            metrics.changed("service_delete");
            publishLocked();
            return true;
        }
    }

    /** The ETag of service {@code name}: the revision that created it (0: none, or before revisions). */
    public long etag(String name) {
        return revisions.etag(ConfigKind.SERVICE, name);
    }

    /** Creates the service and waits until that is durable; a failed commit leaves it uncreated. */
    private void createServiceLocked(String name, ConfigWrite by) {
        try {
            Store.durable(createServiceLater(name, by, new StoreBatch()));
        } catch (RuntimeException e) {
            services.remove(name);
            index.removeService(name);
            throw e;
        }
    }

    /**
     * Creates the service now (with its revision), writing {@code with} in the same store write; the future completes
     * once that write is durable. A store that takes no writes throws at once, and the service is not created.
     */
    private CompletableFuture<StoredRevision> createServiceLater(String name, ConfigWrite by, StoreBatch with) {
        StoredService service = new StoredService(name, clock.instant());
        CompletableFuture<StoredRevision> written = revisions.writeLater(ConfigKind.SERVICE, name,
                Revisions.replacing(ConfigKind.SERVICE, name, store.services(), name, stored -> serviceJson(name), null,
                        serviceJson(name)), by, with.put(store.services(), name, service));
        services.put(name, service);
        index.addService(name);
        return written;
    }

    /** A service's JSON in its revisions: {@code {"name": ...}} (its creation time is the revision's). */
    private static JsonNode serviceJson(String name) {
        return JsonNodeFactory.instance.objectNode().put("name", name);
    }

    /**
     * Re-evaluates TTL health (grace, expiry, self-preservation) and reaps instances expired for longer than the
     * reap period; publishes one snapshot if any instance's state changed other than from grace to healthy (which
     * changes nothing for traffic). Returns whether one was published.
     */
    public boolean sweep() {
        synchronized (lock) {
            Instant now = clock.instant();
            boolean changed = judgeLocked(now);
            try {
                changed |= reapLocked(now);
            } finally {
                if (changed) {
                    publishLocked();
                }
            }
            return changed;
        }
    }

    /**
     * Re-evaluates TTL health without reaping (a replica that does not lead: the leader's reaping reaches it as the
     * store's changes); publishes one snapshot if a state changed as {@link #sweep} does. Returns whether it did.
     */
    public boolean judge() {
        synchronized (lock) {
            if (judgeLocked(clock.instant())) {
                publishLocked();
                return true;
            }
            return false;
        }
    }

    /** Re-evaluates TTL health as of now (reads and heartbeats see it current; reaping is the sweeper's). */
    private void judgeAllLocked() {
        if (judgeLocked(clock.instant())) {
            publishLocked();
        }
    }

    /** Re-evaluates one service's TTL health (a heartbeat or a read of one instance); publishes if it changed. */
    private void judgeServiceLocked(String service) {
        if (judgeLocked(trackedOf(service), clock.instant())) {
            publishLocked();
        }
    }

    private boolean judgeLocked(Instant now) {
        boolean changed = false;
        for (String service : index.servicesWithInstances()) {
            changed |= judgeLocked(trackedOf(service), now);
        }
        return changed;
    }

    private List<Tracked> trackedOf(String service) {
        return index.instancesOf(service).stream().map(instances::get).toList();
    }

    /** Sets the state of each instance of one service; returns whether a change is worth a snapshot. */
    private boolean judgeLocked(List<Tracked> service, Instant now) {
        List<Tracked> missed = service.stream()
                .filter(t -> t.missedTtlAt(now, expirySlack))
                .sorted(Comparator.comparing((Tracked t) -> t.lastHeartbeat).thenComparing(t -> t.instance.id()))
                .toList();
        // Who is expired or held stays so until it heartbeats (or is removed): a count that changes later flips
        // nobody. The others that missed their TTL are expired, oldest heartbeat first, while the budget lasts.
        long budget = rules.expirable(service.size())
                - missed.stream().filter(t -> t.state == HealthState.EXPIRED).count();
        boolean changed = false;
        int held = 0;
        for (Tracked tracked : missed) {
            if (tracked.state != HealthState.EXPIRED && tracked.state != HealthState.HELD) {
                HealthState next = budget-- > 0 ? HealthState.EXPIRED : HealthState.HELD;
                held += next == HealthState.HELD ? 1 : 0;
                changed |= transitionLocked(tracked, next);
            }
        }
        if (held > 0) {
            log.warn("{} instances of {} missed their TTL but are held (self-preservation): at most {} of its {} "
                    + "instances expire at once", held, service.get(0).instance.service(),
                    rules.expirable(service.size()), service.size());
        }
        for (Tracked tracked : service) {
            if (!tracked.missedTtlAt(now, expirySlack)) {
                changed |= transitionLocked(tracked, tracked.unexpiredState());
            }
        }
        return changed;
    }

    private boolean transitionLocked(Tracked tracked, HealthState next) {
        HealthState previous = tracked.state;
        if (previous == next) {
            return false;
        }
        tracked.state = next;
        Instance instance = tracked.instance;
        index.changed(instance.service());
        switch (next) {
            case EXPIRED -> {
                metrics.changed("expire");
                log.info("instance {} of {} is unhealthy: missed its TTL", instance.id(), instance.service());
            }
            case HELD -> {
                metrics.changed("hold");
                log.debug("instance {} of {} missed its TTL but is held", instance.id(), instance.service());
            }
            default -> {
                if (previous == HealthState.EXPIRED || previous == HealthState.HELD) {
                    metrics.changed("recover");
                    log.info("instance {} of {} is healthy again", instance.id(), instance.service());
                }
            }
        }
        return !(previous == HealthState.GRACE && next == HealthState.HEALTHY);
    }

    /**
     * Removes the instances expired or held for longer than the reap period (self-preservation bridges a registry's
     * trouble up to the reap period, not forever); returns whether it removed any. At most {@link #REAP_BATCH} go
     * per sweep, in one store commit, so that the registry's lock is never held for thousands of syncs. While the
     * store cannot take writes nothing is reaped (the store logs that state once): reaping waits, expiry goes on.
     */
    private boolean reapLocked(Instant now) {
        List<Tracked> reaped = instances.values().stream()
                .filter(t -> t.state == HealthState.EXPIRED || t.state == HealthState.HELD)
                .filter(t -> t.reapableAt(now, rules.reapAfter()))
                .limit(REAP_BATCH)
                .toList();
        if (reaped.isEmpty()) {
            return false;
        }
        Set<String> removed;
        try {
            removed = store.instances().removeEach(reaped.stream().map(t -> t.instance.id()).toList());
        } catch (StoreUnavailableException e) {
            return false;
        }
        // what this call removed is reaped here; the rest another replica removed (a leader just deposed): gone too,
        // but neither counted nor logged as reaped here
        metrics.reaped(removed.size());
        for (Tracked tracked : reaped) {
            removeLocked(tracked);
            metrics.changed("reap");
            if (removed.contains(tracked.instance.id())) {
                log.info("reaped instance {} of {}: {} for longer than {} (last heartbeat {})", tracked.instance.id(),
                        tracked.instance.service(), tracked.state.wireName(), rules.reapAfter(),
                        tracked.lastHeartbeat);
            }
        }
        return true;
    }

    /** Adds (or replaces under its id) an instance; returns the one it replaced. */
    private Tracked putLocked(Tracked tracked) {
        Tracked replaced = instances.put(tracked.instance.id(), tracked);
        if (replaced != null) {
            index.remove(replaced.instance);
        }
        index.add(tracked.instance);
        return replaced;
    }

    private void removeLocked(Tracked tracked) {
        instances.remove(tracked.instance.id());
        recentHeartbeats.remove(tracked.instance.id());
        index.remove(tracked.instance);
    }

    private void publishLocked() {
        revision++;
        notifier.publish(buildSnapshot());
    }

    /**
     * The snapshot at the current revision: the services that changed since the last one get a new list, the others
     * keep the same {@code List} instance (structural sharing: a listener finds what changed by reference).
     */
    private RegistrySnapshot buildSnapshot() {
        return new RegistrySnapshot(revision, index.views(this::currentViews));
    }

    @Override
    public void close() {
        notifier.close();
        undoer.shutdown();
        syncer.shutdown();
    }

    private static StoredInstance toStored(Instance i) {
        return new StoredInstance(i.id(), i.service(), i.host(), i.port(), i.zone(), i.version(), i.weight(),
                i.ttl() == null ? 0 : i.ttl().getSeconds(), i.protocol().wireName(), i.metadata(), i.mesh());
    }

    private static Instance fromStored(StoredInstance s) {
        return new Instance(s.id(), s.service(), s.host(), s.port(), s.zone(), s.version(), s.weight(),
                s.ttlSeconds() > 0 ? Duration.ofSeconds(s.ttlSeconds()) : null,
                Protocol.fromWireName(s.protocol()), s.metadata(), s.mesh());
    }

    /** One instance's mutable health state, guarded by {@code lock}. */
    private static final class Tracked {
        final Instance instance;
        Instant lastHeartbeat;
        /** Restored and not heartbeated since: the end of its startup grace; null otherwise. */
        Instant graceEnd;
        HealthState state;

        Tracked(Instance instance, Instant lastHeartbeat) {
            this.instance = instance;
            this.lastHeartbeat = lastHeartbeat;
            this.state = HealthState.HEALTHY;
        }

        static Tracked restored(Instance instance, Instant now, Instant graceEnd) {
            Tracked tracked = new Tracked(instance, now);
            if (instance.ttl() != null) {
                tracked.graceEnd = graceEnd;
                tracked.state = HealthState.GRACE;
            }
            return tracked;
        }

        boolean missedTtlAt(Instant now, Duration slack) {
            Duration ttl = instance.ttl();
            return ttl != null && now.isAfter(lastHeartbeat.plus(ttl).plus(slack))
                    && (graceEnd == null || now.isAfter(graceEnd));
        }

        HealthState unexpiredState() {
            return graceEnd == null ? HealthState.HEALTHY : HealthState.GRACE;
        }

        boolean reapableAt(Instant now, Duration reapAfter) {
            return now.isAfter(lastHeartbeat.plus(instance.ttl()).plus(reapAfter));
        }

        InstanceHealth view() {
            return new InstanceHealth(instance, state, lastHeartbeat);
        }
    }
}
