package io.banyan.controlplane.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Test helpers that damage store files as disks and operators do. */
public final class StoreFiles {

    /** The length the store was cut to. */
    public static final long ONE_MIB = 1 << 20;

    private StoreFiles() {
    }

    /**
     * Commits {@code count} services one by one ({@code filler-0}, ...): each commit appends a chunk, so that
     * commits made after these lie beyond the first MiB of the file.
     */
    public static void commitServices(Store store, int count) {
        for (int i = 0; i < count; i++) {
            store.services().put("filler-" + i, new StoredService("filler-" + i, Instant.EPOCH));
        }
    }

    /** Cuts the store file in {@code dataDir} to {@code length} bytes. */
    public static void truncate(Path dataDir, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(dataDir.resolve(Store.FILE_NAME), StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
    }

    /**
     * Makes every later write of the store's version mark fail, as a full disk does (the mark is renamed into
     * place from a temporary file; a directory stands there now): the write in progress commits, the store then
     * turns unavailable. Delete the returned directory to heal.
     */
    public static Path blockVersionMark(Path dataDir) throws IOException {
        return Files.createDirectory(dataDir.resolve(Store.FILE_NAME + VersionMark.SUFFIX + ".tmp"));
    }

    /** Puts text that is no JSON record under {@code key} of the map {@code mapName}. */
    public static void corrupt(Store store, String mapName, String key) {
        store.write(mapName, map -> {
            map.put(key, "{not json");
            return null;
        });
    }
}
