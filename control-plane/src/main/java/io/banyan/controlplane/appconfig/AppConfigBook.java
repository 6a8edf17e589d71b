package io.banyan.controlplane.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.replica.Reread;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredAppConfig;
import io.banyan.dataplane.config.AppConfig;
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
 * The app configuration of each service, persisted in the store's {@code app-config} map with every secret sealed
 * ({@link ConfigCipher}). Every change is written with its revision (kind {@code config}; the revision keeps the
 * sealed document, never plaintext) in the same commit, then the configurations are handed to the listeners as an
 * {@link AppConfigSnapshot}, secrets opened. A service whose stored secret does not open is left out of the snapshot
 * (fail closed: its sidecars keep what they had) and reported by {@link #unreadable}; the others are published. As a
 * {@link StoreFollower} it takes another replica's change of a configuration as it would at start, publishing only
 * when what is delivered changed.
 */
public final class AppConfigBook implements StoreFollower {

    private static final Logger log = LoggerFactory.getLogger(AppConfigBook.class);

    private final Store store;
    private final Clock clock;
    private final Revisions revisions;
    private final ConfigCipher cipher;
    private final List<AppConfigListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Sealed documents by service. */
    private final TreeMap<String, ConfigDocument> documents = new TreeMap<>();
    /** Opened documents by service, as delivered. */
    private final TreeMap<String, AppConfig> opened = new TreeMap<>();
    /** Services whose stored document cannot be read or opened, with why (no secret in it). */
    private final TreeMap<String, String> unreadable = new TreeMap<>();
    private long revision = 1;

    public AppConfigBook(Store store, Clock clock, Revisions revisions, ConfigCipher cipher) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.revisions = Objects.requireNonNull(revisions, "revisions");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        for (StoredAppConfig stored : store.appConfig().values()) {
            hold(stored.service(), Optional.of(stored));
        }
        log.info("app configurations loaded: {}, not published: {}", documents.size(), unreadable.size());
    }

    /** Holds {@code stored} as {@code service}'s configuration (empty: none), as at start. */
    private void hold(String service, Optional<StoredAppConfig> stored) {
        documents.remove(service);
        opened.remove(service);
        unreadable.remove(service);
        if (stored.isPresent()) {
            try {
                take(service, ConfigDocument.parse(stored.get().json().getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidFieldException e) {
                refuse(service, "stored app configuration refused by today's rules: " + e.getMessage());
            }
        }
    }

    /** Re-reads {@code service}'s configuration; returns whether what is delivered (or refused) changed. */
    private boolean followLocked(String service) {
        AppConfig before = opened.get(service);
        String refusedBefore = unreadable.get(service);
        hold(service, store.appConfig().get(service));
        return !Objects.equals(before, opened.get(service)) || !Objects.equals(refusedBefore, unreadable.get(service));
    }

    /** Another replica changed {@code key}'s configuration: re-read it, publish if what is delivered changed. */
    @Override
    public void changed(String map, String key, String value) {
        if (store.appConfig().name().equals(map)) {
            synchronized (lock) {
                if (followLocked(key)) {
                    log.info("app configuration of {} changed by another replica", key);
                    publishLocked();
                }
            }
        }
    }

    /** The store re-read everything: re-read every configuration, held or stored. */
    @Override
    public void reloaded() {
        synchronized (lock) {
            TreeSet<String> held = new TreeSet<>(documents.keySet());
            held.addAll(unreadable.keySet());
            if (Reread.all(held, store.appConfig().values().stream().map(StoredAppConfig::service).toList(),
                    this::followLocked)) {
                publishLocked();
            }
        }
    }

    /** Adds a listener; it first receives the current snapshot, then every change. */
    public void addListener(AppConfigListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            listener.onAppConfig(snapshotLocked());
        }
    }

    /** The sealed document of {@code service}, if it has one. */
    public Optional<ConfigDocument> get(String service) {
        synchronized (lock) {
            return Optional.ofNullable(documents.get(service));
        }
    }

    /** The ETag of {@code service}'s configuration: the revision that last wrote it (0: none). */
    public long etag(String service) {
        return revisions.etag(ConfigKind.CONFIG, service);
    }

    /** Services whose stored configuration is not published, each with why. */
    public Map<String, String> unreadable() {
        synchronized (lock) {
            return Map.copyOf(unreadable);
        }
    }

    /**
     * What {@code edit} would store, on {@code by}'s If-Match (412 when stale), writing nothing: a dry run.
     */
    public ConfigDocument preview(String service, ConfigEdit edit, ConfigWrite by) {
        synchronized (lock) {
            revisions.check(ConfigKind.CONFIG, service, by);
            return editedLocked(service, edit);
        }
    }

    /**
     * Applies {@code edit} to {@code service}'s configuration on {@code by}'s If-Match, durably with its revision,
     * then tells the listeners; returns the configuration's ETag (unchanged when the document is the same).
     */
    public long write(String service, ConfigEdit edit, ConfigWrite by) {
        synchronized (lock) {
            revisions.check(ConfigKind.CONFIG, service, by);
            ConfigDocument before = documents.get(service);
            ConfigDocument after = editedLocked(service, edit);
            if (after.equals(before)) {
                return etag(service);
            }
            String text = after.toJson().toString();
            long written = revisions.write(ConfigKind.CONFIG, service, Revisions.replacing(ConfigKind.CONFIG, service,
                    store.appConfig(), service, stored -> revisions.tree(stored.json()), null, revisions.tree(text)),
                    by, new StoreBatch().put(store.appConfig(), service, new StoredAppConfig(service, text,
                            clock.instant()))).revision();
            log.info("app configuration of {} set by {} (revision {}, {} values, {} secrets)", service, by.author(),
                    written, after.values().size(), after.secrets().size());
            take(service, after);
            publishLocked();
            return written;
        }
    }

    /** Removes {@code service}'s configuration on {@code by}'s If-Match; returns whether it had one. */
    public boolean remove(String service, ConfigWrite by) {
        synchronized (lock) {
            revisions.check(ConfigKind.CONFIG, service, by);
            ConfigDocument before = documents.get(service);
            if (before == null && !unreadable.containsKey(service)) {
                return false;
            }
            revisions.write(ConfigKind.CONFIG, service, Revisions.replacing(ConfigKind.CONFIG, service,
                    store.appConfig(), service, stored -> revisions.tree(stored.json()), null, null), by,
                    new StoreBatch().remove(store.appConfig(), service));
            documents.remove(service);
            opened.remove(service);
            unreadable.remove(service);
            log.info("app configuration of {} removed by {}", service, by.author());
            publishLocked();
            return true;
        }
    }

    private ConfigDocument editedLocked(String service, ConfigEdit edit) {
        ConfigDocument current = documents.getOrDefault(service, ConfigDocument.EMPTY);
        return edit.apply(current, (key, plaintext) -> {
            String held = current.secrets().get(key);
            if (held != null) {
                try {
                    if (cipher.open(service, key, held).equals(plaintext)) {
                        return held;
                    }
                } catch (SecretUnreadableException e) {
                    // sealed anew below
                }
            }
            return cipher.seal(service, key, plaintext);
        });
    }

    /** Holds {@code sealed} as {@code service}'s document and opens it for delivery (or records why it cannot). */
    private void take(String service, ConfigDocument sealed) {
        documents.put(service, sealed);
        try {
            opened.put(service, open(service, sealed, Long.toString(etag(service))));
        } catch (SecretUnreadableException e) {
            opened.remove(service);
            refuse(service, e.getMessage());
            return;
        }
        unreadable.remove(service);
    }

    /** {@code service}'s configuration as delivered now (secrets opened), if it has one that opens. */
    public Optional<AppConfig> delivered(String service) {
        synchronized (lock) {
            return Optional.ofNullable(opened.get(service));
        }
    }

    /**
     * {@code sealed} as it would be delivered under {@code version} (a dry run's preview); empty when a secret of it
     * does not open (it would not be published).
     */
    public Optional<AppConfig> deliveredAs(String service, ConfigDocument sealed, String version) {
        try {
            return Optional.of(open(service, sealed, version));
        } catch (SecretUnreadableException e) {
            return Optional.empty();
        }
    }

    private AppConfig open(String service, ConfigDocument sealed, String version) throws SecretUnreadableException {
        Map<String, JsonNode> values = new TreeMap<>(sealed.values());
        for (Map.Entry<String, String> secret : sealed.secrets().entrySet()) {
            values.put(secret.getKey(), TextNode.valueOf(cipher.open(service, secret.getKey(), secret.getValue())));
        }
        return new AppConfig(version, values);
    }

    private void refuse(String service, String reason) {
        unreadable.put(service, reason);
        log.error("app configuration of {} is not published (its sidecars keep what they have): {}", service,
                reason);
    }

    private void publishLocked() {
        revision++;
        AppConfigSnapshot snapshot = snapshotLocked();
        for (AppConfigListener listener : listeners) {
            try {
                listener.onAppConfig(snapshot);
            } catch (RuntimeException e) {
                log.warn("app configuration listener {} failed on revision {}", listener, snapshot.revision(), e);
            }
        }
    }

    private AppConfigSnapshot snapshotLocked() {
        return new AppConfigSnapshot(revision, opened, unreadable);
    }
}
