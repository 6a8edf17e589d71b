package io.banyan.controlplane.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The store's durable high-water mark: {@code <store file>.version} holds the version of the last commit,
 * written after every commit (temporary file, fsync, atomic rename, fsync of the directory). A store file whose
 * version is below its mark lost commits: it was truncated or replaced by an older copy. Not thread-safe (the
 * store writes it under its lock).
 */
final class VersionMark {

    static final String SUFFIX = ".version";

    private final Path file;
    private final Path temporary;

    VersionMark(Path storeFile) {
        this.file = storeFile.resolveSibling(storeFile.getFileName() + SUFFIX);
        this.temporary = storeFile.resolveSibling(storeFile.getFileName() + SUFFIX + ".tmp");
    }

    Path file() {
        return file;
    }

    /** The recorded version; empty when no mark was written yet (a new store, or one from before marks). */
    OptionalLong read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new StoreException("data-dir: cannot read " + file + " (" + e + ")", e);
        }
        try {
            long version = Long.parseLong(text);
            if (version >= 0) {
                return OptionalLong.of(version);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StoreException("data-dir: " + file + " holds '" + abbreviate(text)
                + "' (expected: the store's last committed version, a non-negative integer)");
    }

    /** Durably records {@code version} as the last commit. */
    void record(long version) throws IOException {
        byte[] bytes = (version + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
