package io.banyan.controlplane.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.replica.Reread;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The traffic policies set per service, persisted in the store's {@code policies} map (as their API JSON).
 * Every change is written with its revision ({@link Revisions}, kind {@code policy}, the API JSON before and after)
 * and produces a {@link PolicySnapshot} with the next snapshot revision, handed to every listener in order. As a
 * {@link StoreFollower} it takes another replica's change of a policy as it would at start (a policy today's rules
 * refuse is refused the same way), publishing only when the policies held changed.
 */
public final class PolicyBook implements StoreFollower {

    private static final Logger log = LoggerFactory.getLogger(PolicyBook.class);

    private final Store store;
    private final Clock clock;
    private final Revisions revisions;
    private final PolicyJson json = new PolicyJson();
    private final List<PolicyListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final TreeMap<String, TrafficPolicy> policies = new TreeMap<>();
    /** Stored policies that today's rules refuse (written by an older version), by service: the default applies. */
    private final TreeMap<String, String> refused = new TreeMap<>();
    private long revision = 1;

    /**
     * Loads every stored policy. One that today's rules refuse (a rule tightened in an upgrade) is left out with a
     * WARN: its service gets the default policy until the policy is set again, and {@link #refused} reports it.
     */
    public PolicyBook(Store store, Clock clock) {
        this(store, clock, new Revisions(store, clock, new SimpleMeterRegistry()));
    }

    public PolicyBook(Store store, Clock clock, Revisions revisions) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.revisions = Objects.requireNonNull(revisions, "revisions");
        for (StoredPolicy stored : store.policies().values()) {
            revisions.adopt(ConfigKind.POLICY, stored.service(), () -> revisions.tree(stored.json()));
            holdLocked(stored.service(), Optional.of(stored));
        }
        log.info("policies loaded: {}, refused: {}", policies.size(), refused.size());
    }

    /**
     * Holds {@code stored} as {@code service}'s policy (empty: none), or refuses it when today's rules do; returns
     * whether the policy in force changed.
     */
    private boolean holdLocked(String service, Optional<StoredPolicy> stored) {
        TrafficPolicy before = policies.remove(service);
        refused.remove(service);
        if (stored.isPresent()) {
            try {
                policies.put(service, json.read(stored.get().json().getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidFieldException e) {
                refused.put(service, e.getMessage());
                log.warn("stored traffic policy of {} refused by today's rules; the default applies until it is set"
                        + " again: {}", service, e.getMessage());
            }
        }
        return !Objects.equals(before, policies.get(service));
    }

    /** Another replica changed {@code key}'s policy: re-read it, publish if the policy in force changed. */
    @Override
    public void changed(String map, String key, String value) {
        if (store.policies().name().equals(map)) {
            synchronized (lock) {
                if (holdLocked(key, store.policies().get(key))) {
                    log.info("traffic policy of {} changed by another replica", key);
                    publishLocked();
                }
            }
        }
    }

    /** The store re-read everything: re-read every policy, held or stored. */
    @Override
    public void reloaded() {
        synchronized (lock) {
            TreeSet<String> held = new TreeSet<>(policies.keySet());
            held.addAll(refused.keySet());
            if (Reread.all(held, store.policies().values().stream().map(StoredPolicy::service).toList(),
                    service -> holdLocked(service, store.policies().get(service)))) {
                publishLocked();
            }
        }
    }

    /** Stored policies refused at load, by service, with the reason; a later put or remove clears the entry. */
    public Map<String, String> refused() {
        synchronized (lock) {
            return Map.copyOf(refused);
        }
    }

    /** Adds a listener; it first receives the current snapshot, then every change. */
    public void addListener(PolicyListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            listener.onPolicies(snapshotLocked());
        }
    }

    /** The policy set for {@code service}, if one is. */
    public Optional<TrafficPolicy> get(String service) {
        synchronized (lock) {
            return Optional.ofNullable(policies.get(service));
        }
    }

    /** The policy in force: the one set, or the default. */
    public TrafficPolicy effective(String service) {
        return get(service).orElse(TrafficPolicy.DEFAULT);
    }

    /** Sets (replaces) the policy of {@code service}, durably, then tells the listeners. */
    public void put(String service, TrafficPolicy policy) {
        put(service, policy, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /**
     * Sets (replaces) the policy of {@code service} on {@code by}'s If-Match, durably with its revision, then tells
     * the listeners; returns the policy's ETag (unchanged when the policy is the same).
     */
    public long put(String service, TrafficPolicy policy, ConfigWrite by) {
        Objects.requireNonNull(policy, "policy");
        synchronized (lock) {
            revisions.check(ConfigKind.POLICY, service, by);
            if (policy.equals(policies.get(service))) {
                refused.remove(service);
                return revisions.etag(ConfigKind.POLICY, service);
            }
            String text = new String(json.write(policy), StandardCharsets.UTF_8);
            JsonNode after = revisions.tree(text);
            long revision = revisions.write(ConfigKind.POLICY, service, Revisions.replacing(ConfigKind.POLICY, service,
                    store.policies(), service, this::storedJson, null, after), by,
                    new StoreBatch().put(store.policies(), service, new StoredPolicy(service, text, clock.instant())))
                    .revision();
            refused.remove(service);
            policies.put(service, policy);
            log.info("traffic policy of {} set by {} (revision {})", service, by.author(), revision);
            publishLocked();
            return revision;
        }
    }

    /** Removes the policy of {@code service} (back to the default); returns whether one was set. */
    public boolean remove(String service) {
        return remove(service, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /** {@link #remove(String)} on {@code by}'s If-Match, durably with its revision. */
    public boolean remove(String service, ConfigWrite by) {
        synchronized (lock) {
            revisions.check(ConfigKind.POLICY, service, by);
            boolean wasRefused = refused.containsKey(service);
            if (!policies.containsKey(service) && !wasRefused) {
                return false;
            }
            revisions.write(ConfigKind.POLICY, service, Revisions.replacing(ConfigKind.POLICY, service,
                    store.policies(), service, this::storedJson, null, null), by,
                    new StoreBatch().remove(store.policies(), service));
            refused.remove(service);
            if (policies.remove(service) == null) {
                return true;
            }
            log.info("traffic policy of {} reset to the default by {}", service, by.author());
            publishLocked();
            return true;
        }
    }

    /** A stored policy's JSON, as its revisions keep it (read as a write sees it: {@link Revisions#replacing}). */
    private JsonNode storedJson(StoredPolicy stored) {
        return revisions.tree(stored.json());
    }

    /** The ETag of {@code service}'s policy: the revision that last wrote it (0: none is set since revisions). */
    public long etag(String service) {
        return revisions.etag(ConfigKind.POLICY, service);
    }

    public PolicySnapshot snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    private void publishLocked() {
        revision++;
        PolicySnapshot snapshot = snapshotLocked();
        for (PolicyListener listener : listeners) {
            try {
                listener.onPolicies(snapshot);
            } catch (RuntimeException e) {
                log.warn("policy listener {} failed on revision {}", listener, snapshot.revision(), e);
            }
        }
    }

    private PolicySnapshot snapshotLocked() {
        return new PolicySnapshot(revision, policies);
    }
}
