package io.banyan.controlplane.policy;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The traffic policies set per service, persisted in the store's {@code policies} map (as their API JSON).
 * Every change produces a {@link PolicySnapshot} with the next revision, handed to every listener in order.
 */
public final class PolicyBook {

    private static final Logger log = LoggerFactory.getLogger(PolicyBook.class);

    private final Store store;
    private final Clock clock;
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
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (StoredPolicy stored : store.policies().values()) {
            try {
                policies.put(stored.service(), json.read(stored.json().getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidFieldException e) {
                refused.put(stored.service(), e.getMessage());
                log.warn("stored traffic policy of {} refused by today's rules; the default applies until it is set"
                        + " again: {}", stored.service(), e.getMessage());
            }
        }
        log.info("policies loaded: {}, refused: {}", policies.size(), refused.size());
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
        Objects.requireNonNull(policy, "policy");
        synchronized (lock) {
            refused.remove(service);
            if (policy.equals(policies.get(service))) {
                return;
            }
            String text = new String(json.write(policy), StandardCharsets.UTF_8);
            store.policies().put(service, new StoredPolicy(service, text, clock.instant()));
            policies.put(service, policy);
            log.info("traffic policy of {} set", service);
            publishLocked();
        }
    }

    /** Removes the policy of {@code service} (back to the default); returns whether one was set. */
    public boolean remove(String service) {
        synchronized (lock) {
            if (!policies.containsKey(service)) {
                boolean wasRefused = refused.remove(service) != null;
                if (wasRefused) {
                    store.policies().remove(service);
                }
                return wasRefused;
            }
            store.policies().remove(service);
            policies.remove(service);
            log.info("traffic policy of {} reset to the default", service);
            publishLocked();
            return true;
        }
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
