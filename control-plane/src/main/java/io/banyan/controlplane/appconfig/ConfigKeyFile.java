package io.banyan.controlplane.appconfig;

import io.banyan.primitives.file.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that seals app-configuration secrets: 32 bytes, base64 in a file. The operator's ({@code --config-key-file})
 * or, without one, {@value #FILE_NAME} in the data dir, generated once (0600, written atomically by
 * {@link AtomicFiles}). A file that is not a base64 32-byte key refuses to start, naming the file and what was
 * expected; the key itself is never put in a message.
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
        try {
            AtomicFiles.create(file, text.getBytes(StandardCharsets.US_ASCII)); // false: another start wrote it first
        } catch (IOException e) {
            throw new IllegalArgumentException("data-dir: " + file + " cannot be written (" + e + ")");
        }
    }
}
