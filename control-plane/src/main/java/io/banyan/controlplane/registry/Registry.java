package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredInstance;
import io.banyan.controlplane.store.StoredService;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service registry: services (created by {@link #putService} or by their first instance) and
 * their instances, persisted in the {@link Store}.
 *
 * <p>Health is TTL-based. An instance with a TTL is unhealthy once {@code now - lastHeartbeat > ttl}
 * and healthy again at its next heartbeat. An instance registered without a TTL is healthy until it
 * is deregistered (it is then the registrant's job to deregister it). Heartbeat times are kept in
 * memory only: instances restored from the store at startup count as heartbeated at startup, which
 * gives every restored instance one TTL of grace to heartbeat again.
 *
 * <p>Every change (register, deregister, health flip, service put/delete) produces a new immutable
 * {@link RegistrySnapshot} with the next revision, delivered to every {@link RegistryListener} in
 * order on one notification thread, never while a lock is held. A heartbeat that does not change
 * health produces no snapshot, so a snapshot's {@code lastHeartbeat} values may be older than the
 * registry's; reads ({@link #get}, {@link #snapshot}) always return current values. Health flips are
 * found by {@link #sweep()}, which {@link TtlSweeper} calls periodically and every read calls first.
 */
public final class Registry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Registry.class);

    private final Store store;
    private final Clock clock;
    private final RegistryMetrics metrics;
    private final SnapshotNotifier notifier = new SnapshotNotifier();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private final Map<String, StoredService> services = new TreeMap<>();
    private final Map<String, Tracked> instances = new HashMap<>();
    private long revision;

    /** Loads the registry from {@code store}; the initial state is revision 1. */
    public Registry(Store store, Clock clock, MeterRegistry meters) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = new RegistryMetrics(Objects.requireNonNull(meters, "meters"));
        Instant now = clock.instant();
        for (StoredService service : store.services().values()) {
            services.put(service.name(), service);
        }
        for (StoredInstance stored : store.instances().values()) {
            Instance instance = fromStored(stored);
            services.computeIfAbsent(instance.service(), name -> new StoredService(name, now));
            instances.put(instance.id(), new Tracked(instance, now));
        }
        revision = 1;
        listeners.add(metrics);
        metrics.onChange(buildSnapshot());
        log.info("registry loaded: {} services, {} instances", services.size(), instances.size());
    }

    /**
     * Adds a listener; it first receives the current snapshot (on the notification thread), then
     * every later change.
     */
    public void addListener(RegistryListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            notifier.publish(buildSnapshot(), List.of(listener));
        }
    }

    public void removeListener(RegistryListener listener) {
        listeners.remove(listener);
    }

    /** Registers a new instance (creating its service if needed) and returns it with a fresh id. */
    public InstanceHealth register(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        synchronized (lock) {
            Instant now = clock.instant();
            Instance instance = registration.toInstance(idFor(registration));
            if (!services.containsKey(instance.service())) {
                StoredService service = new StoredService(instance.service(), now);
                store.services().put(service.name(), service);
                services.put(service.name(), service);
            }
            store.instances().put(instance.id(), toStored(instance));
            Tracked tracked = new Tracked(instance, now);
            instances.put(instance.id(), tracked);
            metrics.changed("register");
            log.info("registered {} {}:{} as {}", instance.service(), instance.host(), instance.port(), instance.id());
            publishLocked();
            return tracked.view();
        }
    }

    /**
     * An address registers once: registering the same service, host and port again replaces that
     * instance under its id (as Consul does for a re-registered service id). A sidecar whose Register
     * reply was lost, or a restarted VM script, thus never leaves a duplicate endpoint behind.
     */
    private String idFor(Registration registration) {
        Instance wanted = registration.toInstance("");
        return instances.values().stream()
                .map(tracked -> tracked.instance)
                .filter(existing -> existing.service().equals(wanted.service())
                        && existing.host().equals(wanted.host()) && existing.port() == wanted.port())
                .map(Instance::id)
                .findFirst()
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    /** Records a heartbeat; empty if the id is unknown. An unhealthy instance becomes healthy (a new snapshot). */
    public Optional<InstanceHealth> heartbeat(String id) {
        synchronized (lock) {
            sweepLocked();
            Tracked tracked = instances.get(id);
            if (tracked == null) {
                return Optional.empty();
            }
            tracked.lastHeartbeat = clock.instant();
            if (!tracked.healthy) {
                tracked.healthy = true;
                metrics.changed("recover");
                log.info("instance {} of {} is healthy again", id, tracked.instance.service());
                publishLocked();
            }
            return Optional.of(tracked.view());
        }
    }

    /** Removes an instance; returns it as it was, or empty if the id is unknown. */
    public Optional<InstanceHealth> deregister(String id) {
        synchronized (lock) {
            Tracked tracked = instances.get(id);
            if (tracked == null) {
                return Optional.empty();
            }
            store.instances().remove(id);
            instances.remove(id);
            metrics.changed("deregister");
            log.info("deregistered {} of {}", id, tracked.instance.service());
            publishLocked();
            return Optional.of(tracked.view());
        }
    }

    public Optional<InstanceHealth> get(String id) {
        synchronized (lock) {
            sweepLocked();
            Tracked tracked = instances.get(id);
            return tracked == null ? Optional.empty() : Optional.of(tracked.view());
        }
    }

    /** The instances of one service (possibly none), or empty if the service is unknown. */
    public Optional<List<InstanceHealth>> service(String name) {
        synchronized (lock) {
            sweepLocked();
            if (!services.containsKey(name)) {
                return Optional.empty();
            }
            return Optional.of(buildSnapshot().instances(name));
        }
    }

    /** The whole registry now, with current heartbeat times, at the current revision. */
    public RegistrySnapshot snapshot() {
        synchronized (lock) {
            sweepLocked();
            return buildSnapshot();
        }
    }

    /** Creates a service; returns true if it was created, false if it already existed. */
    public boolean putService(String name) {
        ServiceName.check("service", name);
        synchronized (lock) {
            if (services.containsKey(name)) {
                return false;
            }
            StoredService service = new StoredService(name, clock.instant());
            store.services().put(name, service);
            services.put(name, service);
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
        synchronized (lock) {
            if (!services.containsKey(name)) {
                return false;
            }
            long count = instances.values().stream().filter(t -> t.instance.service().equals(name)).count();
            if (count > 0) {
                throw new ServiceNotEmptyException(name, (int) count);
            }
            store.services().remove(name);
            services.remove(name);
            metrics.changed("service_delete");
            publishLocked();
            return true;
        }
    }

    /** Re-evaluates TTL health; publishes one snapshot if any instance flipped. Returns whether one did. */
    public boolean sweep() {
        synchronized (lock) {
            return sweepLocked();
        }
    }

    private boolean sweepLocked() {
        Instant now = clock.instant();
        boolean flipped = false;
        for (Tracked tracked : instances.values()) {
            boolean healthy = tracked.healthyAt(now);
            if (healthy != tracked.healthy) {
                tracked.healthy = healthy;
                flipped = true;
                metrics.changed(healthy ? "recover" : "expire");
                log.info("instance {} of {} is {}", tracked.instance.id(), tracked.instance.service(),
                        healthy ? "healthy again" : "unhealthy: missed its TTL");
            }
        }
        if (flipped) {
            publishLocked();
        }
        return flipped;
    }

    private void publishLocked() {
        revision++;
        notifier.publish(buildSnapshot(), List.copyOf(listeners));
    }

    private RegistrySnapshot buildSnapshot() {
        TreeMap<String, List<InstanceHealth>> byService = new TreeMap<>();
        services.keySet().forEach(name -> byService.put(name, new ArrayList<>()));
        instances.values().stream()
                .sorted(Comparator.comparing((Tracked t) -> t.instance.id()))
                .forEach(t -> byService.computeIfAbsent(t.instance.service(), k -> new ArrayList<>()).add(t.view()));
        return new RegistrySnapshot(revision, byService);
    }

    @Override
    public void close() {
        notifier.close();
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
        boolean healthy;

        Tracked(Instance instance, Instant lastHeartbeat) {
            this.instance = instance;
            this.lastHeartbeat = lastHeartbeat;
            this.healthy = true;
        }

        boolean healthyAt(Instant now) {
            Duration ttl = instance.ttl();
            return ttl == null || Duration.between(lastHeartbeat, now).compareTo(ttl) <= 0;
        }

        InstanceHealth view() {
            return new InstanceHealth(instance, healthy, lastHeartbeat);
        }
    }
}
