package io.banyan.api.xds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one hash of an API key: SHA-256 of its UTF-8 bytes. The control plane stores and publishes it as lower-case hex
 * (never the key); the gateway hashes what a client presents and compares.
 */
public final class ApiKeyHash {

    private ApiKeyHash() {
    }

    public static byte[] of(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@link #of} as 64 lower-case hex digits. */
    public static String hex(String key) {
        return HexFormat.of().formatHex(of(key));
    }
}
