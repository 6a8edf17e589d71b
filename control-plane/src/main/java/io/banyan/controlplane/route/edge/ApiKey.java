package io.banyan.controlplane.route.edge;

import io.banyan.api.xds.ApiKeyHash;

import java.util.regex.Pattern;

/**
 * One API key as stored, published and shown: its {@code name} (what the upstream is told, and what a rate limit
 * counts by) and the lower-case hex SHA-256 of the key. The plaintext never gets here (see {@link ApiKeyAuth#read}).
 */
public record ApiKey(String name, String sha256) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final String NAME_EXPECTED = "1..63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    /** The shortest plaintext key accepted: 16 characters, so that a key is not guessed from its published hash. */
    static final int MIN_KEY_LENGTH = 16;
    static final int MAX_KEY_LENGTH = 256;

    public ApiKey {
        name(name, "auth.apiKey.keys[].name");
        sha256(sha256, "auth.apiKey.keys[].sha256");
    }

    static String name(String name, String path) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw EdgeCheck.invalid(path, EdgeCheck.quote(name) + " (expected: " + NAME_EXPECTED + ")");
        }
        return name;
    }

    static String sha256(String sha256, String path) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw EdgeCheck.invalid(path, EdgeCheck.quote(sha256) + " (expected: 64 lower-case hex digits)");
        }
        return sha256;
    }

    /** The lower-case hex SHA-256 of a key ({@link ApiKeyHash}): what is stored, published and compared. */
    public static String hash(String key) {
        return ApiKeyHash.hex(key);
    }
}
