package io.banyan.controlplane.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.DurableMap;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredAuthorization;
import io.banyan.controlplane.store.StoredAuthorizationDefault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
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
 * {@code deny-unless-allowed}. As a {@link StoreFollower} it re-reads the rules when another replica changed them,
 * publishing only when they differ from those held.
 */
public final class Authorizations implements StoreFollower {

    static final String DEFAULT_KEY = "default";
    /** The object of the default's revisions. */
    public static final String DEFAULT_OBJECT = "*";
    /** The author of the default turned to deny-unless-allowed because the store lost data. */
    static final String RECOVERY_AUTHOR = "recovery";

    private static final Logger log = LoggerFactory.getLogger(Authorizations.class);

    private final DurableMap<StoredAuthorization> lists;
    private final DurableMap<StoredAuthorizationDefault> defaults;
    private final Revisions revisions;
    private final List<AuthorizationListener> listeners = new CopyOnWriteArrayList<>();
    private volatile AuthorizationSnapshot current;

    /** With revisions timed by the system clock (tests, embedded use). */
    public Authorizations(Store store) {
        this(store, new Revisions(store, Clock.systemUTC(), new SimpleMeterRegistry()));
    }

    public Authorizations(Store store, Revisions revisions) {
        this.revisions = revisions;
        this.lists = store.authorizations();
        this.defaults = store.authorizationDefault();
        for (StoredAuthorization stored : lists.values()) {
            revisions.adopt(ConfigKind.AUTHORIZATION, stored.service(), () -> allowJson(stored.allow()));
        }
        defaults.get(DEFAULT_KEY).ifPresent(stored -> revisions.adopt(ConfigKind.AUTHORIZATION_DEFAULT,
                DEFAULT_OBJECT, () -> modeJson(stored.mode())));
        DefaultMode mode = storedMode();
        if (store.dataLost() && mode == DefaultMode.ALLOW_ALL) {
            mode = failClosed();
        }
        this.current = new AuthorizationSnapshot(1, storedLists(), mode);
    }

    private TreeMap<String, AllowList> storedLists() {
        TreeMap<String, AllowList> loaded = new TreeMap<>();
        for (StoredAuthorization stored : lists.values()) {
            loaded.put(stored.service(), new AllowList(stored.service(), stored.allow()));
        }
        return loaded;
    }

    private DefaultMode storedMode() {
        return defaults.get(DEFAULT_KEY).map(stored -> DefaultMode.parse("mode", stored.mode()))
                .orElse(DefaultMode.ALLOW_ALL);
    }

    /** Another replica changed an allow list or the default: re-read the rules, publish if they changed. */
    @Override
    public void changed(String map, String key, String value) {
        if (lists.name().equals(map) || defaults.name().equals(map)) {
            reloaded();
        }
    }

    /** Re-reads every allow list and the default; publishes if they differ from those held. */
    @Override
    public synchronized void reloaded() {
        TreeMap<String, AllowList> stored;
        DefaultMode mode;
        try {
            stored = storedLists();
            mode = storedMode();
        } catch (RuntimeException e) { // a rule today's checks refuse: keep the rules held (fail closed)
            log.error("stored authorization rules refused by today's rules; the rules held stay: {}", e.getMessage());
            return;
        }
        if (stored.equals(current.lists()) && mode == current.mode()) {
            return;
        }
        current = new AuthorizationSnapshot(current.revision() + 1, stored, mode);
        log.info("authorization rules changed by another replica: {} allow lists, default {}", stored.size(),
                mode.text());
        changed();
    }

    /**
     * The store lost data (recovered from an older or damaged file): an allow list set after the readable state,
     * or the default itself, may be gone, and "no allow list" must not become "everyone may call". The default
     * turns to deny-unless-allowed, durably, until an operator has checked the lists and sets it back.
     */
    private DefaultMode failClosed() {
        DefaultMode closed = DefaultMode.DENY_UNLESS_ALLOWED;
        writeDefault(closed, ConfigWrite.by(RECOVERY_AUTHOR));
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
        boolean hadNone = current.allowList(list.service()).isEmpty();
        put(list, ConfigWrite.by(ConfigWrite.ADMIN));
        return hadNone;
    }

    /**
     * Sets (replaces) a service's allow list on {@code by}'s If-Match, durably with its revision; returns its ETag
     * (unchanged, and no revision, when the list is the one held).
     */
    public synchronized long put(AllowList list, ConfigWrite by) {
        revisions.check(ConfigKind.AUTHORIZATION, list.service(), by);
        Optional<AllowList> held = current.allowList(list.service());
        if (held.isPresent() && held.get().callers().equals(list.callers())) {
            return revisions.etag(ConfigKind.AUTHORIZATION, list.service());
        }
        long revision = revisions.write(ConfigKind.AUTHORIZATION, list.service(), Revisions.replacing(
                ConfigKind.AUTHORIZATION, list.service(), lists, list.service(), stored -> allowJson(stored.allow()),
                null, allowJson(list.callers())), by, new StoreBatch().put(lists,
                list.service(), new StoredAuthorization(list.service(), list.callers()))).revision();
        current = current.with(list);
        log.info("authorization of service '{}': allow {} (by {})", list.service(), list.callers(), by.author());
        changed();
        return revision;
    }

    /** Removes a service's allow list (the default applies again); returns whether it had one. */
    public boolean remove(String service) {
        return remove(service, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /** {@link #remove(String)} on {@code by}'s If-Match, durably with its revision. */
    public synchronized boolean remove(String service, ConfigWrite by) {
        InvalidFieldException.serviceName("service", service);
        revisions.check(ConfigKind.AUTHORIZATION, service, by);
        Optional<AllowList> held = current.allowList(service);
        if (held.isEmpty()) {
            return false;
        }
        revisions.write(ConfigKind.AUTHORIZATION, service, Revisions.replacing(ConfigKind.AUTHORIZATION, service,
                lists, service, stored -> allowJson(stored.allow()), null, null), by,
                new StoreBatch().remove(lists, service));
        current = current.without(service);
        log.info("authorization of service '{}': back to the default ({}) by {}", service, current.mode().text(),
                by.author());
        changed();
        return true;
    }

    public void setDefault(DefaultMode mode) {
        setDefault(mode, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /** Sets the mesh-wide default on {@code by}'s If-Match (object {@code *}), durably with its revision. */
    public synchronized void setDefault(DefaultMode mode, ConfigWrite by) {
        revisions.check(ConfigKind.AUTHORIZATION_DEFAULT, DEFAULT_OBJECT, by);
        String stored = defaults.get(DEFAULT_KEY).map(StoredAuthorizationDefault::mode).orElse(null);
        if (mode.text().equals(stored)) {
            return;
        }
        writeDefault(mode, by);
        if (current.mode() != mode) {
            current = current.withMode(mode);
            log.info("authorization default: {} (by {})", mode.text(), by.author());
            changed();
        }
    }

    /** The ETag of a service's allow list: the revision that last wrote it (0: none). */
    public long etag(String service) {
        return revisions.etag(ConfigKind.AUTHORIZATION, service);
    }

    /** The ETag of the mesh-wide default (0: never set since revisions). */
    public long defaultEtag() {
        return revisions.etag(ConfigKind.AUTHORIZATION_DEFAULT, DEFAULT_OBJECT);
    }

    private void writeDefault(DefaultMode mode, ConfigWrite by) {
        revisions.write(ConfigKind.AUTHORIZATION_DEFAULT, DEFAULT_OBJECT, Revisions.replacing(
                ConfigKind.AUTHORIZATION_DEFAULT, DEFAULT_OBJECT, defaults, DEFAULT_KEY,
                stored -> modeJson(stored.mode()), null, modeJson(mode.text())), by,
                new StoreBatch().put(defaults, DEFAULT_KEY, new StoredAuthorizationDefault(mode.text())));
    }

    /** An allow list's JSON, as {@code PUT /v1/services/{service}/authorization} takes it. */
    private static JsonNode allowJson(List<String> callers) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        callers.forEach(node.putArray("allow")::add);
        return node;
    }

    /** The default's JSON, as {@code PUT /v1/authorization/default} takes it. */
    private static JsonNode modeJson(String mode) {
        return JsonNodeFactory.instance.objectNode().put("mode", mode);
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
