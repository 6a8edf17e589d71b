package io.banyan.controlplane.store;

import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The embedded backend: {@code <dataDir>/banyan.mv.db}, an H2 MVStore file, and beside it {@code banyan.mv.db.version},
 * the {@link VersionMark} that tells a truncated or older file from the last one written. Only one control plane may
 * open a data directory at a time (the file is locked). Writes are applied one at a time, under its lock, and
 * committed in groups ({@link GroupCommit}): one commit and sync covers every write applied before it, and a write's
 * future completes only once a commit that covers it is synced.
 *
 * <p>When a write fails (disk full, an I/O error) it becomes <em>unavailable</em>: it logs
 * {@code store unavailable: <cause>} once, every later write throws {@link StoreUnavailableException} without
 * touching the disk, and a background thread reopens the file with a doubling delay; once a probe write
 * commits it logs {@code store available again}. Reads keep answering from the last open file meanwhile. One replica:
 * it never calls followers, always leads, and its reads are always current.
 */
final class EmbeddedBackend implements StoreBackend {

    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final Path file;
    private final VersionMark mark;
    private final StoreOptions options;
    private final ScheduledExecutorService reopener;
    private volatile StoreFile current;
    /**
     * The file the writes not yet covered by a commit were applied to (null: none waits). Guarded by this. A commit
     * that finds another file current (it was reopened after they were applied) fails them: they are in no file that
     * will be synced.
     */
    private StoreFile uncommittedIn;
    /** Why writes are refused; null while available. Guarded by this. */
    private volatile String unavailableCause;
    private int reopenAttempts;
    private final GroupCommit group;
    private volatile boolean closed;

    private EmbeddedBackend(Path file, VersionMark mark, StoreOptions options, StoreFile opened) {
        this.file = file;
        this.mark = mark;
        this.options = options;
        this.current = opened;
        this.group = new GroupCommit(this::commitApplied, options.maxPendingWrites());
        this.reopener = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-store-reopen");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens {@code file} (see {@link StoreFile#open}). */
    static EmbeddedBackend open(Path file, StoreOptions options) {
        VersionMark mark = new VersionMark(file);
        StoreFile opened = StoreFile.open(file, mark, options.recover());
        log.info("store opened at {}", file);
        return new EmbeddedBackend(file, mark, options, opened);
    }

    boolean dataLost() {
        return current.dataLost();
    }

    Path file() {
        return file;
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public SortedView map(String name) {
        return new Reading(name);
    }

    /** Reads the map of whichever file is open now; a read the file refuses turns the store unavailable. */
    private final class Reading implements SortedView {

        private final String name;

        Reading(String name) {
            this.name = name;
        }

        private <T> T read(Function<MvView, T> reader) {
            StoreFile open = current;
            try {
                return reader.apply(new MvView(open.map(name)));
            } catch (MVStoreException e) {
                throw failed(open, describe(e));
            }
        }

        @Override
        public String get(String key) {
            return read(view -> view.get(key));
        }

        @Override
        public String firstKey() {
            return read(MvView::firstKey);
        }

        @Override
        public String lastKey() {
            return read(MvView::lastKey);
        }

        @Override
        public String lowerKey(String key) {
            return read(view -> view.lowerKey(key));
        }

        @Override
        public int size() {
            return read(MvView::size);
        }

        @Override
        public java.util.List<java.util.Map.Entry<String, String>> entries() {
            return read(MvView::entries);
        }
    }

    @Override
    public <T> CompletableFuture<T> write(Function<StoreMaps, T> change) {
        JournaledMaps[] maps = new JournaledMaps[1];
        return apply(open -> {
            maps[0] = new JournaledMaps(open::map);
            return change.apply(maps[0]);
        }, () -> {
            if (maps[0] != null) {
                maps[0].undo();
            }
        });
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
    public void follow(StoreFollower follower) {
        Objects.requireNonNull(follower, "follower");
    }

    @Override
    public Leadership leadership() {
        return Leadership.ALONE;
    }

    @Override
    public void sync() {
    }

    @Override
    public String replica() {
        return "local";
    }

    @Override
    public boolean replicated() {
        return false;
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

    @Override
    public long syncs() {
        return group.syncs();
    }

    @Override
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
    static String describe(Throwable e) {
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
