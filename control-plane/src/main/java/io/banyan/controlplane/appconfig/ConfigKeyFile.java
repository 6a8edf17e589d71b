package io.banyan.controlplane.appconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that seals app-configuration secrets: 32 bytes, base64 in a file. The operator's ({@code --config-key-file})
 * or, without one, {@value #FILE_NAME} in the data dir, generated once (0600, written to a temporary file and renamed
 * into place). A file that is not a base64 32-byte key refuses to start, naming the file and what was expected; the
 * key itself is never put in a message.
 */
public final class ConfigKeyFile {

    public static final String FILE_NAME = "config.key";

    private ConfigKeyFile() {
    }

    /** The key in {@code file}; {@link IllegalArgumentException} naming {@code option} and the file when it is not one. */
    public static byte[] read(Path file, String option) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + file + " is not base64 (expected: "
                    + ConfigCipher.KEY_BYTES + " bytes, base64)");
        }
        if (key.length != ConfigCipher.KEY_BYTES) {
            throw new IllegalArgumentException(option + ": " + file + " holds " + key.length + " bytes (expected: "
                    + ConfigCipher.KEY_BYTES + " bytes, base64)");
        }
        return key;
    }

    /** The key in {@code <dataDir>/config.key}, generated with {@code random} on the first call. */
    public static byte[] inDataDir(Path dataDir, SecureRandom random) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] key = new byte[ConfigCipher.KEY_BYTES];
            random.nextBytes(key);
            create(file, Base64.getEncoder().encodeToString(key) + "\n");
        }
        return read(file, "data-dir");
    }

    private static void create(Path file, String text) {
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
        } catch (FileAlreadyExistsException e) {
            // another start wrote it first: read theirs
        } catch (IOException e) {
            throw new IllegalArgumentException("data-dir: " + file + " cannot be written (" + e + ")");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // left behind: harmless, it is 0600
                }
            }
        }
    }
}
