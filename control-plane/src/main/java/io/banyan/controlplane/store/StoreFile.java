package io.banyan.controlplane.store;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Opens the MVStore file and checks it against its {@link VersionMark}: a file older than its last recorded
 * commit (truncated, replaced by an older copy, deleted) does not open, unless recovering, which opens it
 * loudly and reports the loss.
 */
final class StoreFile {

    private static final Logger log = LoggerFactory.getLogger(StoreFile.class);

    /** An open MVStore; {@code dataLost} when it is older than its mark and was opened to recover. */
    record Opened(MVStore mvStore, boolean dataLost) {
    }

    private StoreFile() {
    }

    static Opened open(Path file, VersionMark mark, boolean recover) {
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
            recordOrFail(mark, actual);
            return new Opened(mvStore, dataLost);
        } catch (RuntimeException e) {
            mvStore.closeImmediately();
            throw e;
        }
    }

    private static MVStore openMvStore(Path file) {
        try {
            return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreException("data-dir: " + file.getParent()
                        + " is locked by another control plane (" + file.getFileName() + " is in use)", e);
            }
            throw new StoreException("data-dir: cannot open " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static void recordOrFail(VersionMark mark, long version) {
        try {
            mark.record(version);
        } catch (IOException e) {
            throw new StoreException("data-dir: cannot write " + mark.file() + " (" + e + ")", e);
        }
    }
}
