package io.banyan.sidecar.datadir;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * What makes the data dir private, as it holds the workload's private key and the configuration the sidecar will serve:
 * the directory only its user may enter (0700: one that is wider is narrowed, or refused when it cannot be), and a file
 * is read only when it is a regular file (not a link) that only its user may read or write (0600, as the sidecar
 * writes them). On a file system without POSIX permissions nothing is checked.
 */
final class PrivateDirectory {

    private static final Logger log = LoggerFactory.getLogger(PrivateDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateDirectory() {
    }

    /** Narrows {@code dir} to 0700 if it is wider (logged); throws naming why when that is not possible. */
    static void require(Path dir) throws IOException {
        if (!posix(dir)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (OWNER_ONLY.containsAll(permissions)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        } catch (IOException e) {
            throw new IOException("data dir " + dir + " is " + PosixFilePermissions.toString(permissions)
                    + " and cannot be made rwx------ (" + e.getMessage() + "); expected: a directory of this user that"
                    + " only it may enter", e);
        }
        log.info("data dir {} was {}: made rwx------ (it holds the workload's private key)", dir,
                PosixFilePermissions.toString(permissions));
    }

    /** Throws naming what is wrong unless {@code file} is a regular file only its user may read or write. */
    static void requirePrivateFile(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a regular file (a link or a directory); expected: a file the sidecar wrote");
        }
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException("it is " + PosixFilePermissions.toString(permissions)
                    + "; expected: rw------- (only this user), as the sidecar writes it");
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null;
    }
}
