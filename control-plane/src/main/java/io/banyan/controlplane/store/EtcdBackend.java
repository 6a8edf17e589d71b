package io.banyan.controlplane.store;

import io.banyan.controlplane.etcd.EtcdClients;
import io.banyan.primitives.time.Durations;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The store on etcd. Every entry is the etcd key {@code <prefix><map>/<key>}, its value the stored text. At open the
 * replica reads everything under the prefix into its {@link EtcdMirror} and watches the prefix from the revision after
 * that read; reads answer from the mirror, never from the network. On the watch thread ({@code banyan-store-watch}),
 * which runs no follower code, the changes of one watch response newer than the mirror's are applied (a replica's own
 * writes are in the mirror already, at their transaction's revision, so they never reach its followers) and the
 * mirror's watched revision advanced; then the response's changes are queued, together and in etcd's order, for the
 * followers' own thread ({@link EtcdFollowerQueue}). So a write whose compare failed, waiting for the mirror to catch
 * up, never waits on a follower. A watch lost for good (compacted) makes it re-read everything, apply the difference
 * and tell the followers {@code reloaded()}.
 *
 * <p>Writes go through the {@link EtcdWriter} (transactions with compares, group commit). One that cannot reach a
 * quorum turns the store unavailable: it logs {@code store unavailable: <cause>} once, refuses writes at once with
 * {@link StoreUnavailableException}, and probes etcd (a linearizable read) with a doubling delay until it answers. The
 * leadership is an {@link EtcdLeadership}.
 */
final class EtcdBackend implements StoreBackend, EtcdWriter.Host {

    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final Client client;
    private final EtcdStoreSettings settings;
    private final StoreOptions options;
    private final EtcdKeys keys;
    private final EtcdMirror mirror = new EtcdMirror();
    private final EtcdWriter writer;
    private final EtcdLeadership leadership;
    private final List<StoreFollower> followers = new CopyOnWriteArrayList<>();
    private final EtcdFollowerQueue followerQueue = new EtcdFollowerQueue(followers, EtcdFollowerQueue.MAX_PENDING);
    /** Applies the watch's changes to the mirror and re-reads etcd on a lost watch; never runs follower code. */
    private final ScheduledExecutorService watchThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "banyan-store-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "banyan-store-etcd-probe");
        thread.setDaemon(true);
        return thread;
    });
    /** Why writes are refused; null while available. Guarded by this. */
    private volatile String unavailableCause;
    private int probeAttempts;
    private volatile Watch.Watcher watcher;
    /** Which watch is current (written on the watch thread, and at open before it runs). */
    private volatile long watchGeneration;
    private volatile boolean closed;

    private EtcdBackend(Client client, EtcdStoreSettings settings, StoreOptions options, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.options = options;
        this.keys = new EtcdKeys(settings.prefix());
        this.writer = new EtcdWriter(client.getKVClient(), mirror, keys, settings.timeout(),
                options.maxPendingWrites(), this);
        this.leadership = new EtcdLeadership(client, keys, settings.replica(), settings.leaderLease(),
                settings.timeout(), clock);
    }

    static EtcdBackend open(EtcdStoreSettings settings, StoreOptions options) {
        Client client;
        try {
            client = EtcdClients.connect(settings.endpoints(), settings.caFile(), settings.certFile(),
                    settings.keyFile(), settings.user(), settings.password(), settings.timeout());
        } catch (IllegalArgumentException e) {
            throw new StoreException(e.getMessage(), e);
        }
        EtcdBackend backend = new EtcdBackend(client, settings, options, Clock.systemUTC());
        try {
            long revision = backend.load();
            backend.watchFrom(revision + 1);
            backend.leadership.start();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        log.info("store opened on etcd {} under {} as replica {}", settings.endpoints(), settings.prefix(),
                settings.replica());
        return backend;
    }

    /** Keys read per request at open and on a reload (a page stays far below gRPC's message limit). */
    static final int PAGE = 256;

    /**
     * Reads everything under the prefix into the mirror, in pages of {@link #PAGE} keys all read at the revision of
     * the first; returns that revision.
     */
    private long load() {
        Map<String, Map<String, EtcdMirror.Stamped>> maps = new HashMap<>();
        long revision = 0;
        io.etcd.jetcd.ByteSequence from = keys.prefixBytes();
        io.etcd.jetcd.ByteSequence end = EtcdKeys.bytes(keys.prefixEnd());
        boolean more = true;
        while (more) {
            GetOption.Builder option = GetOption.builder().withRange(end).withLimit(PAGE)
                    .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND);
            if (revision > 0) {
                option.withRevision(revision);
            }
            GetResponse read = read(from, option.build());
            if (revision == 0) {
                revision = read.getHeader().getRevision();
            }
            KeyValue last = null;
            for (KeyValue kv : read.getKvs()) {
                last = kv;
                EtcdKeys.Key key = keys.parse(kv.getKey());
                if (key != null) {
                    maps.computeIfAbsent(key.map(), name -> new HashMap<>()).put(key.key(), new EtcdMirror.Stamped(
                            kv.getValue().toString(StandardCharsets.UTF_8), kv.getModRevision()));
                }
            }
            more = read.isMore() && last != null;
            if (more) {
                from = last.getKey().concat(io.etcd.jetcd.ByteSequence.from(new byte[] {0}));
            }
        }
        mirror.replace(maps, revision);
        return revision;
    }

    private GetResponse read(io.etcd.jetcd.ByteSequence from, GetOption option) {
        try {
            return answer(client.getKVClient().get(from, option));
        } catch (StoreUnavailableException e) {
            throw new StoreUnavailableException("etcd-endpoints: cannot read " + settings.prefix() + " from "
                    + settings.endpoints() + " (" + e.getMessage() + ")");
        }
    }

    /** Watches from {@code revision}; the callbacks of an earlier watch (closed by a reload) are ignored. */
    private void watchFrom(long revision) {
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(revision).build();
        long generation = ++watchGeneration;
        watcher = client.getWatchClient().watch(keys.prefixBytes(), option,
                Watch.listener(response -> watched(generation, response), failure -> watchFailed(generation, failure),
                        () -> watchFailed(generation, null)));
    }

    /**
     * On jetcd's thread: hands the response to the watch thread, which applies it after the transactions sent before
     * it are resolved (this replica's own writes in it are then in the mirror already, and not told to followers).
     */
    private void watched(long generation, WatchResponse response) {
        long sentBefore = writer.sent();
        watchThread.execute(() -> {
            if (generation != watchGeneration) {
                return;
            }
            try {
                writer.awaitResolved(sentBefore);
            } catch (InterruptedException e) {
                return;
            }
            followerQueue.changed(apply(response));
        });
    }

    /** Applies the response's changes to the mirror and advances its watched revision; returns those it applied. */
    private List<EtcdMirror.Change> apply(WatchResponse response) {
        List<EtcdMirror.Change> applied = new ArrayList<>();
        long upTo = 0; // progress notifications are not trusted: etcd 3.4 may send one before the events it covers
        for (WatchEvent event : response.getEvents()) {
            KeyValue kv = event.getKeyValue();
            upTo = Math.max(upTo, kv.getModRevision());
            EtcdKeys.Key key = keys.parse(kv.getKey());
            if (key == null) {
                continue;
            }
            String value = event.getEventType() == WatchEvent.EventType.DELETE ? null
                    : kv.getValue().toString(StandardCharsets.UTF_8);
            if (mirror.apply(key.map(), key.key(), value, kv.getModRevision())) {
                applied.add(new EtcdMirror.Change(key.map(), key.key(), value));
            }
        }
        if (upTo > 0) {
            mirror.watched(upTo);
        }
        return applied;
    }

    /** The watch ended (compacted, cancelled): re-read everything, tell the followers, watch again. */
    private void watchFailed(long generation, Throwable failure) {
        if (closed || generation != watchGeneration) {
            return;
        }
        log.warn("store watch on etcd lost ({}); re-reading everything under {}",
                failure == null ? "completed" : EtcdErrors.unwrap(failure).getMessage(), settings.prefix());
        watchThread.execute(() -> {
            if (generation == watchGeneration) {
                reload(0);
            }
        });
    }

    private void reload(int attempt) {
        if (closed) {
            return;
        }
        Watch.Watcher old = watcher;
        watchGeneration++; // the old watch's callbacks, its close included, are ignored from now on
        if (old != null) {
            old.close();
        }
        long revision;
        try {
            revision = load();
        } catch (StoreException e) {
            log.debug("re-reading etcd failed ({}); trying again", e.getMessage());
            watchThread.schedule(() -> reload(attempt + 1), options.reopenDelay(attempt).toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        }
        watchFrom(revision + 1);
        followerQueue.reloaded();
    }

    @Override
    public SortedView map(String name) {
        return mirror.view(name);
    }

    @Override
    public <T> CompletableFuture<T> write(Function<StoreMaps, T> change) {
        return writer.submit(change);
    }

    @Override
    public boolean available() {
        return unavailableCause == null && !closed;
    }

    @Override
    public Optional<String> unavailableCause() {
        return Optional.ofNullable(unavailableCause);
    }

    @Override
    public synchronized StoreUnavailableException unavailable(String cause) {
        if (unavailableCause == null && !closed) {
            unavailableCause = cause;
            probeAttempts = 0;
            log.warn("store unavailable: {}; writes are refused until etcd answers again", cause);
            scheduleProbe();
        }
        return refusal();
    }

    @Override
    public StoreUnavailableException refusal() {
        String cause = unavailableCause;
        return cause == null ? null : new StoreUnavailableException("store unavailable: " + cause);
    }

    private void scheduleProbe() {
        prober.schedule(this::probe, options.reopenDelay(probeAttempts).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        if (closed) {
            return;
        }
        try {
            currentRevision();
        } catch (StoreUnavailableException e) {
            synchronized (this) {
                probeAttempts++;
                log.debug("store still unavailable (probe {}): {}", probeAttempts, e.getMessage());
                scheduleProbe();
            }
            return;
        }
        synchronized (this) {
            unavailableCause = null;
        }
        log.info("store available again: etcd {} answers", settings.endpoints());
    }

    /** A linearizable read of etcd's current revision (it needs a quorum). */
    private long currentRevision() {
        return answer(client.getKVClient().get(keys.leader(), GetOption.builder().withCountOnly(true).build()))
                .getHeader().getRevision();
    }

    /**
     * Waits for a request's answer within {@code --etcd-timeout}; etcd unreachable, without a quorum or refusing is
     * a {@link StoreUnavailableException} naming why.
     */
    private <T> T answer(CompletableFuture<T> request) {
        try {
            return request.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("store unavailable: interrupted");
        } catch (Exception e) {
            request.cancel(true);
            String cause = EtcdErrors.unavailability(e, settings.timeout());
            throw new StoreUnavailableException("store unavailable: "
                    + (cause != null ? cause : "etcd unreachable: " + EtcdErrors.unwrap(e).getMessage()));
        }
    }

    /**
     * A read barrier: puts the key {@code <prefix>sync} (needs a quorum, as a linearizable read would) and waits until
     * the watch has delivered that put: the watch is ordered, so the mirror then shows everything committed before.
     * (Not a progress request: etcd 3.4 may answer one before delivering the events it covers.)
     */
    @Override
    public void sync() {
        long revision = answer(client.getKVClient().put(keys.sync(), EtcdKeys.bytes(settings.replica())))
                .getHeader().getRevision();
        try {
            if (mirror.awaitWatched(revision, settings.timeout().toNanos())) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new StoreUnavailableException("store unavailable: the watch on etcd did not reach revision "
                + revision + " within " + Durations.format(settings.timeout()));
    }

    @Override
    public String where() {
        return "etcd " + settings.prefix();
    }

    @Override
    public long syncs() {
        return writer.syncs();
    }

    @Override
    public long durableWrites() {
        return writer.durableWrites();
    }

    @Override
    public void follow(StoreFollower follower) {
        followers.add(java.util.Objects.requireNonNull(follower, "follower"));
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    @Override
    public String replica() {
        return settings.replica();
    }

    @Override
    public boolean replicated() {
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        writer.close(); // the writes queued before are committed (or failed) first
        closed = true;
        leadership.close();
        Watch.Watcher open = watcher;
        if (open != null) {
            open.close();
        }
        watchThread.shutdownNow();
        followerQueue.close();
        prober.shutdownNow();
        client.close();
        log.info("store closed on etcd {} (replica {})", settings.prefix(), settings.replica());
    }
}
