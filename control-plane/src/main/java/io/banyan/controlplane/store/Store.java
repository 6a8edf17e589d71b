package io.banyan.controlplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.json.JsonMappers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The control plane's durable store: the maps {@code services}, {@code instances}, {@code tokens}, {@code policies},
 * {@code routes}, {@code gateway-routes}, {@code authorizations}, {@code authorization-default}, {@code migrations},
 * {@code rollouts}, {@code app-config}, {@code heartbeats}, {@code loads} (what replicas share: see the {@code replica}
 * package), {@code revisions}, {@code revision-counter} and {@code revision-heads} (see
 * {@link RevisionLog}), kept by a {@link StoreBackend}: the embedded MVStore file in the data directory
 * ({@link #open}, the default: one control plane) or etcd ({@link #etcd}: any number of replicas, each reading from a
 * mirror it keeps by watching etcd). Either way a write returns (or its future completes) only once it is durable,
 * a {@link StoreBatch} writes several maps at once (all or nothing), and a write the store cannot take throws
 * {@link StoreUnavailableException} while reads keep answering.
 */
public final class Store implements AutoCloseable {

    public static final String FILE_NAME = "banyan.mv.db";

    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final StoreBackend backend;
    private final StoreOptions options;
    private final DurableMap<StoredService> services;
    private final DurableMap<StoredInstance> instances;
    private final DurableMap<StoredToken> tokens;
    private final DurableMap<StoredPolicy> policies;
    private final DurableMap<StoredRoutes> routes;
    private final DurableMap<StoredRoutes> gatewayRoutes;
    private final DurableMap<StoredAuthorization> authorizations;
    private final DurableMap<StoredAuthorizationDefault> authorizationDefault;
    private final DurableMap<StoredMigration> migrations;
    private final DurableMap<StoredRollout> rollouts;
    private final DurableMap<StoredAppConfig> appConfig;
    private final DurableMap<StoredHeartbeats> heartbeats;
    private final DurableMap<StoredLoads> loads;
    private final RevisionLog revisions;
    private volatile boolean dataLost;
    private volatile boolean closed;

    private Store(StoreBackend backend, StoreOptions options, boolean dataLost) {
        this.backend = backend;
        this.options = options;
        this.dataLost = dataLost;
        ObjectMapper json = JsonMappers.withIsoTimes(JsonMappers.lenient());
        this.services = new DurableMap<>(this, "services", json, StoredService.class);
        this.instances = new DurableMap<>(this, "instances", json, StoredInstance.class);
        this.tokens = new DurableMap<>(this, "tokens", json, StoredToken.class);
        this.policies = new DurableMap<>(this, "policies", json, StoredPolicy.class);
        this.routes = new DurableMap<>(this, "routes", json, StoredRoutes.class);
        this.gatewayRoutes = new DurableMap<>(this, "gateway-routes", json, StoredRoutes.class);
        this.authorizations = new DurableMap<>(this, "authorizations", json, StoredAuthorization.class);
        this.authorizationDefault = new DurableMap<>(this, "authorization-default", json,
                StoredAuthorizationDefault.class);
        this.migrations = new DurableMap<>(this, "migrations", json, StoredMigration.class);
        this.rollouts = new DurableMap<>(this, "rollouts", json, StoredRollout.class);
        this.appConfig = new DurableMap<>(this, "app-config", json, StoredAppConfig.class);
        this.heartbeats = new DurableMap<>(this, "heartbeats", json, StoredHeartbeats.class);
        this.loads = new DurableMap<>(this, "loads", json, StoredLoads.class);
        this.revisions = new RevisionLog(this, new DurableMap<>(this, RevisionLog.MAP, json, StoredRevision.class),
                RevisionLog.MAX_REVISIONS, RevisionLog.MAX_BYTES);
    }

    /** Opens the store in {@code dataDir} with the default options (no recovery). */
    public static Store open(Path dataDir) {
        return open(dataDir, StoreOptions.DEFAULT);
    }

    /**
     * Opens (creating if needed) the embedded store in {@code dataDir}.
     *
     * @throws StoreException if the directory cannot be created or written, the file is corrupt, older than its
     *                        version mark (unless {@code options.recover()}), or another control plane holds it open
     */
    public static Store open(Path dataDir, StoreOptions options) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("data-dir: " + dir + " cannot be created (" + e + ")", e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new StoreException("data-dir: " + dir + " (expected: a writable directory)");
        }
        EmbeddedBackend backend = EmbeddedBackend.open(dir.resolve(FILE_NAME), options);
        return new Store(backend, options, backend.dataLost());
    }

    /**
     * Opens the store on etcd: connects, reads everything under the prefix into this replica's mirror, watches it
     * and campaigns for the leadership (see {@link EtcdBackend}).
     *
     * @throws StoreException if etcd cannot be reached or read within the settings' timeout
     */
    public static Store etcd(EtcdStoreSettings settings, StoreOptions options) {
        return new Store(EtcdBackend.open(settings, options), options, false);
    }

    public DurableMap<StoredService> services() {
        return services;
    }

    public DurableMap<StoredInstance> instances() {
        return instances;
    }

    public DurableMap<StoredToken> tokens() {
        return tokens;
    }

    /** Per-service allow lists of calling services, by service name. */
    public DurableMap<StoredAuthorization> authorizations() {
        return authorizations;
    }

    /** The mesh-wide authorization default, under the key {@code default}. */
    public DurableMap<StoredAuthorizationDefault> authorizationDefault() {
        return authorizationDefault;
    }

    /** Traffic policies by service name. */
    public DurableMap<StoredPolicy> policies() {
        return policies;
    }

    /** Operator routes by service name. */
    public DurableMap<StoredRoutes> routes() {
        return routes;
    }

    /** Operator routes by gateway name. */
    public DurableMap<StoredRoutes> gatewayRoutes() {
        return gatewayRoutes;
    }

    /** Migrations by name. */
    public DurableMap<StoredMigration> migrations() {
        return migrations;
    }

    /** Staged rollouts by id: those in flight and the last finished ones. */
    public DurableMap<StoredRollout> rollouts() {
        return rollouts;
    }

    /** App configuration by service name, secrets sealed. */
    public DurableMap<StoredAppConfig> appConfig() {
        return appConfig;
    }

    /** The heartbeats each replica received lately, by replica name (only written on a replicated store). */
    public DurableMap<StoredHeartbeats> heartbeats() {
        return heartbeats;
    }

    /** Each replica's load-report window over the tracked clusters, by replica name (replicated store only). */
    public DurableMap<StoredLoads> loads() {
        return loads;
    }

    /** The revisions of the mesh configuration, each written with its change. */
    public RevisionLog revisions() {
        return revisions;
    }

    /**
     * Tells {@code follower} of every change another replica makes from now on (see {@link StoreFollower}). The
     * embedded store has no other replica: it keeps the follower and never calls it.
     */
    public void follow(StoreFollower follower) {
        backend.follow(follower);
    }

    /** Whether this replica runs the duties that must run once (always, on the embedded store). */
    public Leadership leadership() {
        return backend.leadership();
    }

    /**
     * Returns once reads on this replica show every write committed, by any replica, before the call (a linearizable
     * read barrier). The embedded store has one writer: its reads are always current.
     *
     * @throws StoreUnavailableException when etcd cannot answer
     */
    public void sync() {
        backend.sync();
    }

    /** This replica's name, unique among the replicas sharing the store ({@code local} for the embedded store). */
    public String replica() {
        return backend.replica();
    }

    /** Whether other replicas share this store (etcd): then books follow their writes ({@link #follow}). */
    public boolean replicated() {
        return backend.replicated();
    }

    /** Whether writes are accepted now. */
    public boolean available() {
        return backend.available() && !closed;
    }

    /** Why writes are refused now ({@code disk full ...}, {@code etcd unreachable: ...}); empty while available. */
    public Optional<String> unavailableCause() {
        return backend.unavailableCause();
    }

    /**
     * Whether this store was opened with {@code recover} and data is missing: the file was older than its version
     * mark, or entries were unreadable and skipped. Whoever holds security rules must then fail closed.
     */
    public boolean dataLost() {
        return dataLost;
    }

    Path file() {
        return ((EmbeddedBackend) backend).file();
    }

    /** An entry that does not decode: refuses (naming it) unless recovering, which records the loss. */
    void unreadable(String mapName, String key, JsonProcessingException cause) {
        String what = "corrupt " + mapName + " entry '" + key + "' in " + backend.where();
        if (!options.recover()) {
            throw new StoreException(what + " (start with --recover to drop unreadable entries)", cause);
        }
        log.error("RECOVERING the store: dropping {} ({})", what, cause.getOriginalMessage());
        dataLost = true;
    }

    /** Map {@code mapName} to read. */
    SortedView map(String mapName) {
        return backend.map(mapName);
    }

    <T> T write(String mapName, Function<StoreMaps.MapWrite, T> change) {
        return durable(writeLater(mapName, change));
    }

    /** {@link #write} without waiting: the future completes once the write is durable. */
    <T> CompletableFuture<T> writeLater(String mapName, Function<StoreMaps.MapWrite, T> change) {
        return writeMapsLater(maps -> change.apply(maps.map(mapName)));
    }

    /** Writes the batch's changes to every map it names in one commit: all of them, or none. */
    public void commit(StoreBatch batch) {
        writeMaps(maps -> {
            batch.applyTo(maps);
            return null;
        });
    }

    /**
     * Applies {@code change} to the maps (by name) and returns once the write that covers it is durable. A change
     * that throws leaves nothing behind.
     */
    <T> T writeMaps(Function<StoreMaps, T> change) {
        return durable(writeMapsLater(change));
    }

    /**
     * {@link #writeMaps} without waiting: the future completes once the write is durable (embedded: applied now, synced
     * by a group commit; etcd: run by the writer against the replica's mirror and committed in a transaction).
     */
    <T> CompletableFuture<T> writeMapsLater(Function<StoreMaps, T> change) {
        if (closed) {
            throw new StoreException("store " + backend.where() + " is closed");
        }
        return backend.write(change);
    }

    /**
     * Waits until {@code written} (a {@code *Later} write) is durable and returns its result; a failed commit throws
     * what failed it ({@link StoreUnavailableException}), not a {@link CompletionException}.
     */
    public static <T> T durable(CompletableFuture<T> written) {
        try {
            return written.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** How many commits were made durable since the store opened (each covering one or more writes). */
    public long syncs() {
        return backend.syncs();
    }

    /** How many writes were acknowledged durable since the store opened. */
    public long durableWrites() {
        return backend.durableWrites();
    }

    @Override
    public void close() {
        closed = true;
        backend.close();
    }
}
