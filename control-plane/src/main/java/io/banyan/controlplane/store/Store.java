package io.banyan.controlplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.json.JsonMappers;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The control plane's durable store: {@code <dataDir>/banyan.mv.db}, an H2 MVStore file holding the
 * maps {@code services}, {@code instances}, {@code tokens}, {@code policies}, {@code routes},
 * {@code gateway-routes}, {@code authorizations}, {@code authorization-default}, {@code migrations}, {@code rollouts}, {@code app-config}, {@code heartbeats}, {@code loads}, {@code revisions} and {@code revision-counter} (see
 * {@link RevisionLog}), and beside
 * it {@code banyan.mv.db.version}, the {@link VersionMark} that
 * tells a truncated or older file from the last one written. Only one control plane may open a data
 * directory at a time (the file is locked). Writes are applied one at a time and committed in groups
 * ({@link GroupCommit}): one commit and sync covers every write applied before it, and a write returns (its
 * future completes) only once a commit that covers it is synced; a {@link StoreBatch} writes several maps in one
 * commit.
 *
 * <p>When a write fails (disk full, an I/O error) the store becomes <em>unavailable</em>: it logs
 * {@code store unavailable: <cause>} once, every later write throws {@link StoreUnavailableException} without
 * touching the disk, and a background thread reopens the file with a doubling delay; once a probe write
 * commits it logs {@code store available again}. Reads keep answering from the last open file meanwhile.
 */
public final class Store implements AutoCloseable {

    public static final String FILE_NAME = "banyan.mv.db";

    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final Path file;
    private final VersionMark mark;
    private final StoreOptions options;
    private final ScheduledExecutorService reopener;
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
    private volatile StoreFile current;
    /**
     * The file the writes not yet covered by a commit were applied to (null: none waits). Guarded by the store's
     * lock. A commit that finds another file current (it was reopened after they were applied) fails them: they are
     * in no file that will be synced.
     */
    private StoreFile uncommittedIn;
    /** Why writes are refused; null while the store is available. Guarded by this. */
    private volatile String unavailableCause;
    private volatile boolean dataLost;
    private int reopenAttempts;
    private final GroupCommit group;
    private volatile boolean closed;

    private Store(Path file, VersionMark mark, StoreOptions options, StoreFile opened) {
        this.file = file;
        this.mark = mark;
        this.options = options;
        this.current = opened;
        this.dataLost = opened.dataLost();
        this.group = new GroupCommit(this::commitApplied, options.maxPendingWrites());
        this.reopener = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-store-reopen");
            thread.setDaemon(true);
            return thread;
        });
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
     * Opens (creating if needed) the store in {@code dataDir}.
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
        Path file = dir.resolve(FILE_NAME);
        VersionMark mark = new VersionMark(file);
        StoreFile opened = StoreFile.open(file, mark, options.recover());
        log.info("store opened at {}", file);
        return new Store(file, mark, options, opened);
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
        java.util.Objects.requireNonNull(follower, "follower");
    }

    /** Whether this replica runs the duties that must run once (always, on the embedded store). */
    public Leadership leadership() {
        return Leadership.ALONE;
    }

    /**
     * Returns once reads on this replica show every write committed, by any replica, before the call (a linearizable
     * read barrier). The embedded store has one writer: its reads are always current.
     */
    public void sync() {
    }

    /** This replica's name, unique among the replicas sharing the store ({@code local} for the embedded store). */
    public String replica() {
        return "local";
    }

    /** Whether other replicas share this store (false for the embedded store: this process is the only writer). */
    public boolean replicated() {
        return false;
    }

    /** Whether writes are accepted now. */
    public boolean available() {
        return unavailableCause == null && !closed;
    }

    /** Why writes are refused now ({@code disk full ...}); empty while the store is available. */
    public Optional<String> unavailableCause() {
        return Optional.ofNullable(unavailableCause);
    }

    /**
     * Whether this store was opened with {@code recover} and data is missing: the file was older than its version
     * mark, or entries were unreadable and skipped. Whoever holds security rules must then fail closed.
     */
    public boolean dataLost() {
        return dataLost;
    }

    Path file() {
        return file;
    }

    /** An entry that does not decode: refuses (naming it) unless recovering, which records the loss. */
    void unreadable(String mapName, String key, JsonProcessingException cause) {
        String what = "corrupt " + mapName + " entry '" + key + "' in " + file;
        if (!options.recover()) {
            throw new StoreException(what + " (start with --recover to drop unreadable entries)", cause);
        }
        log.error("RECOVERING the store: dropping {} ({})", what, cause.getOriginalMessage());
        dataLost = true;
    }

    <T> T read(String mapName, Function<MVMap<String, String>, T> reader) {
        StoreFile open = current;
        try {
            return reader.apply(open.map(mapName));
        } catch (MVStoreException e) {
            throw failed(open, describe(e));
        }
    }

    <T> T write(String mapName, Function<MVMap<String, String>, T> change) {
        return durable(writeLater(mapName, change));
    }

    /** {@link #write} without waiting: the future completes once the commit that covers the change is synced. */
    <T> CompletableFuture<T> writeLater(String mapName, Function<MVMap<String, String>, T> change) {
        return apply(open -> change.apply(open.map(mapName)), () -> { });
    }

    /** Writes the batch's changes to every map it names in one commit: all of them, or none. */
    public void commit(StoreBatch batch) {
        writeMaps(maps -> {
            batch.applyTo(maps);
            return null;
        });
    }

    /**
     * Applies {@code change} to the maps (by name) and returns once the commit that covers it is synced. A change
     * that throws leaves nothing behind: an I/O failure closes the file unwritten (the store turns unavailable), any
     * other failure rolls the maps back.
     */
    <T> T writeMaps(Function<StoreMaps, T> change) {
        return durable(writeMapsLater(change));
    }

    /** {@link #writeMaps} without waiting: the future completes once the commit that covers the change is synced. */
    <T> CompletableFuture<T> writeMapsLater(Function<StoreMaps, T> change) {
        StoreMaps[] maps = new StoreMaps[1];
        return apply(open -> {
            maps[0] = new StoreMaps(open::map);
            return change.apply(maps[0]);
        }, () -> {
            if (maps[0] != null) {
                maps[0].undo();
            }
        });
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

    /**
     * Applies {@code change} now (under the store's lock: every write is whole in memory before the next starts, and
     * no commit sees half of one) and hands it to the {@link GroupCommit}; the future completes once a commit that
     * covers it is synced, or fails with the commit (none of what it covered is acknowledged).
     */
    private synchronized <T> CompletableFuture<T> apply(Function<StoreFile, T> change, Runnable undo) {
        if (closed) {
            throw new StoreException("store " + file + " is closed");
        }
        if (unavailableCause != null) {
            throw unavailable();
        }
        group.admit();
        StoreFile open = current;
        T result;
        try {
            result = change.apply(open);
        } catch (MVStoreException e) {
            throw failed(open, describe(e));
        } catch (RuntimeException | Error e) { // an Error too: what it left half-done must not reach the next commit
            undo.run();
            throw e;
        }
        if (uncommittedIn == null) {
            uncommittedIn = open;
        }
        return group.add(result);
    }

    /**
     * The group commit, run by the {@link GroupCommit}'s thread: commits (under the lock, so that it covers exactly
     * the writes applied before it), then syncs outside it, so that writers keep applying meanwhile. The version mark
     * is recorded before the writes are acknowledged, but while more writes wait only every few commits (a mark that
     * lags the file is what a mark may be: it guards against a file older than the mark); a mark that cannot be
     * written turns the store unavailable, the synced writes still succeed.
     */
    private GroupCommit.Outcome commitApplied() {
        StoreFile open;
        long version;
        synchronized (this) {
            open = current;
            StoreFile appliedTo = uncommittedIn;
            uncommittedIn = null;
            if (unavailableCause != null) {
                return GroupCommit.Outcome.failed(unavailable());
            }
            if (appliedTo != null && appliedTo != open) {
                return GroupCommit.Outcome.failed(new StoreUnavailableException("store unavailable: " + file
                        + " was reopened after these writes were applied; they were not committed"));
            }
            try {
                version = open.commitUnsynced();
            } catch (MVStoreException e) {
                return GroupCommit.Outcome.failed(failed(open, describe(e)));
            }
        }
        try {
            open.sync();
        } catch (MVStoreException | IllegalStateException e) {
            return GroupCommit.Outcome.failed(failed(open, describe(e)));
        }
        return GroupCommit.Outcome.synced(() -> recordMark(open, version));
    }

    private void recordMark(StoreFile open, long version) {
        IOException markFailure = null;
        synchronized (mark) {
            try {
                mark.record(version);
            } catch (IOException e) {
                markFailure = e;
            }
        }
        // outside the mark's lock: failed() takes the store's, which reopen() holds while it takes the mark's
        if (markFailure != null) {
            // the changes themselves are synced; the next ones wait until the mark can be written again
            failed(open, "cannot write " + mark.file() + " (" + markFailure + ")");
        }
    }

    /** How many commits were synced since the store opened (each covering one or more writes). */
    public long syncs() {
        return group.syncs();
    }

    /** How many writes were acknowledged durable since the store opened. */
    public long durableWrites() {
        return group.durableWrites();
    }

    private synchronized StoreUnavailableException failed(StoreFile open, String cause) {
        if (unavailableCause == null && !closed && open == current) {
            unavailableCause = cause;
            log.warn("store unavailable: {}; writes are refused until {} is reopened", cause, file);
            open.closeImmediately();
            scheduleReopen();
        }
        return unavailable();
    }

    private StoreUnavailableException unavailable() {
        return new StoreUnavailableException("store unavailable: " + unavailableCause);
    }

    private void scheduleReopen() {
        reopener.schedule(this::reopen, options.reopenDelay(reopenAttempts).toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void reopen() {
        if (closed || unavailableCause == null) {
            return;
        }
        StoreFile next = null;
        try {
            next = StoreFile.open(file, mark, false);
            long version = next.probe();
            synchronized (mark) {
                mark.record(version);
            }
        } catch (StoreException | MVStoreException | IOException e) {
            if (next != null) {
                next.closeImmediately();
            }
            reopenAttempts++;
            log.debug("store still unavailable (reopen attempt {}): {}", reopenAttempts, describe(e));
            scheduleReopen();
            return;
        }
        current = next;
        unavailableCause = null;
        reopenAttempts = 0;
        log.info("store available again: {} reopened", file);
    }

    /** The root cause first ({@code No space left on device}), then the store's own words. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : root.getMessage() + " (" + e.getMessage() + ")";
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true; // no write is applied from now on
        }
        group.close(); // the writes applied before are committed (or failed) first
        synchronized (this) {
            closeFile();
        }
    }

    private void closeFile() {
        reopener.shutdownNow();
        try {
            current.close();
        } catch (MVStoreException e) {
            log.warn("closing {} failed: {}", file, describe(e));
            current.closeImmediately();
        }
        log.info("store closed at {}", file);
    }
}
