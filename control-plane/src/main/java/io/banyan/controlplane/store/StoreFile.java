package io.banyan.controlplane.store;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open MVStore file and its maps, checked against its {@link VersionMark} when opened: a file older than its
 * last recorded commit (truncated, replaced by an older copy, deleted) does not open, unless recovering, which
 * opens it loudly and reports the loss ({@link #dataLost()}). The store replaces it whole when it reopens.
 */
final class StoreFile {

    static final String PROBE_MAP = "probe";
    static final List<String> MAPS = List.of("services", "instances", "tokens", "policies", "routes", "gateway-routes",
            "authorizations", "authorization-default", "migrations", "rollouts", "app-config", "heartbeats", "loads", RevisionLog.MAP, RevisionLog.COUNTER_MAP,
            RevisionLog.HEADS_MAP, PROBE_MAP);

    private static final Logger log = LoggerFactory.getLogger(StoreFile.class);

    private final MVStore mvStore;
    private final Map<String, MVMap<String, String>> maps = new ConcurrentHashMap<>();
    private final boolean dataLost;

    private StoreFile(MVStore mvStore, boolean dataLost) {
        this.mvStore = mvStore;
        this.dataLost = dataLost;
        for (String name : MAPS) {
            maps.put(name, mvStore.openMap(name));
        }
    }

    /** Opens {@code file}, refusing it (naming it) when it is older than {@code mark} unless {@code recover}. */
    static StoreFile open(Path file, VersionMark mark, boolean recover) {
        OptionalLong expected = mark.read();
        boolean existed = Files.exists(file);
        MVStore mvStore = openMvStore(file);
        try {
            long actual = mvStore.getCurrentVersion();
            boolean dataLost = false;
            if (expected.isPresent() && actual < expected.getAsLong()) {
                String problem = existed
                        ? file + " holds version " + actual + " but its last commit was version " + expected.getAsLong()
                                + " (recorded in " + mark.file() + "): the file was truncated or replaced by an older copy"
                        : file + " is missing but " + mark.file() + " records version " + expected.getAsLong();
                if (!recover) {
                    throw new StoreException("data-dir: " + problem + ". Restore the file from a backup, or start"
                            + " with --recover to load what is readable (changes after version " + actual + " are lost)");
                }
                log.error("RECOVERING the store: {}; starting with what is readable: changes after version {} are lost",
                        problem, actual);
                dataLost = true;
            }
            StoreFile opened = new StoreFile(mvStore, dataLost);
            try {
                mark.record(actual);
            } catch (IOException e) {
                throw new StoreException("data-dir: cannot write " + mark.file() + " (" + e + ")", e);
            }
            return opened;
        } catch (RuntimeException e) {
            mvStore.closeImmediately();
            throw e;
        }
    }

    private static MVStore openMvStore(Path file) {
        try {
            // No commit but ours: autoCommitDisabled stops the background timer, and a buffer size of 0 stops the
            // commit MVStore would otherwise make in the middle of a write once unsaved changes pass its buffer, which
            // could store an object without its revision (or the reverse) if the process died before our commit.
            return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().autoCommitBufferSize(0)
                    .open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreException("data-dir: " + file.getParent()
                        + " is locked by another control plane (" + file.getFileName() + " is in use)", e);
            }
            throw new StoreException("data-dir: cannot open " + file + " (" + e.getMessage() + ")", e);
        }
    }

    boolean dataLost() {
        return dataLost;
    }

    /** Map {@code name}: one of {@link #MAPS}, or any other name, opened on first use. */
    MVMap<String, String> map(String name) {
        return maps.computeIfAbsent(name, mvStore::openMap);
    }

    /** Commits and syncs what changed; returns the version now on disk. */
    long commit() {
        long version = commitUnsynced();
        sync();
        return version;
    }

    /** Writes what changed as a new version (not yet forced to the disk: see {@link #sync}); returns the version. */
    long commitUnsynced() {
        mvStore.commit();
        return mvStore.getCurrentVersion();
    }

    /** Forces what was committed to the disk. */
    void sync() {
        mvStore.sync();
    }

    /** Commits a small change, to learn whether the disk takes writes again; returns the version. */
    long probe() {
        maps.get(PROBE_MAP).put("probe", Long.toString(mvStore.getCurrentVersion()));
        return commit();
    }

    /** Closes without writing (after a failure: the file stays as the last commit left it). */
    void closeImmediately() {
        mvStore.closeImmediately();
    }

    /** Closes, writing what is pending; throws {@link MVStoreException} when that fails. */
    void close() {
        if (!mvStore.isClosed()) {
            mvStore.close();
        }
    }
}
