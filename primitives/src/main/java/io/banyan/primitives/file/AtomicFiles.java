package io.banyan.primitives.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one way files holding secrets or state are written: private (the directory 0700 when created here, the file
 * 0600) and atomic (a temporary file in the same directory, written and fsynced, renamed over the target, then the
 * directory fsynced), so that a reader, or the next start after a crash, sees the old file or the new one, never a
 * part. On a file system without POSIX permissions the files get the platform's defaults.
 */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /** Replaces {@code file} with {@code bytes} (0600), creating its directory (0700) if needed. */
    public static void write(Path file, byte[] bytes) throws IOException {
        replace(file, bytes, true);
    }

    /**
     * Writes {@code file} (0600) only if it does not exist yet; returns false, leaving the file as it is, when it does
     * (another process wrote it first).
     */
    public static boolean create(Path file, byte[] bytes) throws IOException {
        return replace(file, bytes, false);
    }

    /** Creates {@code dir} and its missing parents, the last 0700; an existing directory is left as it is. */
    public static Path createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, privateDir(dir));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return dir;
    }

    private static boolean replace(Path file, byte[] bytes, boolean overwrite) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = createPrivateDirectory(target.getParent());
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", privateFile(dir));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (!overwrite && Files.exists(target)) {
                return false;
            }
            move(temp, target, overwrite);
            temp = null;
            syncDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (overwrite) {
                throw e;
            }
            return false;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void move(Path temp, Path target, boolean overwrite) throws IOException {
        try {
            if (overwrite) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // a link fails if the target exists: no other writer's file is ever replaced
                Files.createLink(target, temp);
                Files.delete(temp);
            }
        } catch (AtomicMoveNotSupportedException | UnsupportedOperationException e) {
            if (overwrite) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(temp, target);
            }
        }
    }

    /** Makes the rename durable: fsync of the directory (where the platform allows opening one). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported here (e.g. Windows): the rename stands, its durability is the file system's
        }
    }

    private static FileAttribute<?>[] privateFile(Path dir) {
        return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] privateDir(Path dir) {
        Path existing = dir.toAbsolutePath().getParent();
        return existing != null && posix(existing)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
