package io.banyan.controlplane.authz;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.store.DurableMap;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredAuthorization;
import io.banyan.controlplane.store.StoredAuthorizationDefault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The authorization rules: per-service allow lists and the mesh-wide default, kept in the store and read from
 * an immutable {@link AuthorizationSnapshot} (safe from any thread). Every accepted change is written durably first,
 * then each listener is told the new snapshot, in order (the xDS publisher rebuilds the nodes' snapshots). Lost data
 * never opens the mesh: after a recovery that lost data ({@link Store#dataLost()}) the default is
 * {@code deny-unless-allowed}.
 */
public final class Authorizations {

    static final String DEFAULT_KEY = "default";

    private static final Logger log = LoggerFactory.getLogger(Authorizations.class);

    private final DurableMap<StoredAuthorization> lists;
    private final DurableMap<StoredAuthorizationDefault> defaults;
    private final List<AuthorizationListener> listeners = new CopyOnWriteArrayList<>();
    private volatile AuthorizationSnapshot current;

    public Authorizations(Store store) {
        this.lists = store.authorizations();
        this.defaults = store.authorizationDefault();
        TreeMap<String, AllowList> loaded = new TreeMap<>();
        for (StoredAuthorization stored : lists.values()) {
            loaded.put(stored.service(), new AllowList(stored.service(), stored.allow()));
        }
        DefaultMode mode = defaults.get(DEFAULT_KEY)
                .map(stored -> DefaultMode.parse("mode", stored.mode()))
                .orElse(DefaultMode.ALLOW_ALL);
        if (store.dataLost() && mode == DefaultMode.ALLOW_ALL) {
            mode = failClosed();
        }
        this.current = new AuthorizationSnapshot(1, loaded, mode);
    }

    /**
     * The store lost data (recovered from an older or damaged file): an allow list set after the readable state,
     * or the default itself, may be gone, and "no allow list" must not become "everyone may call". The default
     * turns to deny-unless-allowed, durably, until an operator has checked the lists and sets it back.
     */
    private DefaultMode failClosed() {
        DefaultMode closed = DefaultMode.DENY_UNLESS_ALLOWED;
        defaults.put(DEFAULT_KEY, new StoredAuthorizationDefault(closed.text()));
        log.error("authorization default: {} because the store lost data (--recover): allow lists set after the"
                + " readable state may be gone; check them, then set the default back with"
                + " PUT /v1/authorization/default", closed.text());
        return closed;
    }

    /** Adds a listener; it first receives the current snapshot, then every change. */
    public synchronized void addListener(AuthorizationListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        listener.onAuthorizations(current);
    }

    /** The rules now. */
    public AuthorizationSnapshot snapshot() {
        return current;
    }

    /** Who may call {@code service} now. */
    public EffectiveAuthorization effective(String service) {
        return current.effective(service);
    }

    /** The service's own allow list, if it has one. */
    public Optional<AllowList> allowList(String service) {
        return current.allowList(service);
    }

    public DefaultMode defaultMode() {
        return current.mode();
    }

    /** Sets (replaces) a service's allow list; returns whether it had none before. */
    public synchronized boolean put(AllowList list) {
        lists.put(list.service(), new StoredAuthorization(list.service(), list.callers()));
        boolean created = current.allowList(list.service()).isEmpty();
        current = current.with(list);
        log.info("authorization of service '{}': allow {}", list.service(), list.callers());
        changed();
        return created;
    }

    /** Removes a service's allow list (the default applies again); returns whether it had one. */
    public synchronized boolean remove(String service) {
        InvalidFieldException.serviceName("service", service);
        if (current.allowList(service).isEmpty()) {
            return false;
        }
        lists.remove(service);
        current = current.without(service);
        log.info("authorization of service '{}': back to the default ({})", service, current.mode().text());
        changed();
        return true;
    }

    public synchronized void setDefault(DefaultMode mode) {
        defaults.put(DEFAULT_KEY, new StoredAuthorizationDefault(mode.text()));
        if (current.mode() != mode) {
            current = current.withMode(mode);
            log.info("authorization default: {}", mode.text());
            changed();
        }
    }

    private void changed() {
        AuthorizationSnapshot snapshot = current;
        for (AuthorizationListener listener : listeners) {
            try {
                listener.onAuthorizations(snapshot);
            } catch (RuntimeException e) {
                log.warn("an authorization listener failed: {}", e.toString());
            }
        }
    }
}
