package io.banyan.controlplane.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text of a join token: {@code <id>.<secret>[.<ca-fingerprint>]}, where the id is 16 hex digits, the
 * secret is 43 base64url characters (256 random bits) and the optional fingerprint is the lower-case hex
 * SHA-256 of the control plane's root CA (what the sidecar pins; see {@code io.banyan.api.ca.JoinTokenText}).
 *
 * @param caFingerprint null when the token pins no CA
 */
record TokenText(String id, String secret, String caFingerprint) {

    TokenText(String id, String secret) {
        this(id, secret, null);
    }

    static TokenText parse(String text) {
        if (text == null) {
            throw malformed();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length < 2 || parts.length > 3
                || !parts[0].matches("[0-9a-f]{16}") || !parts[1].matches("[A-Za-z0-9_-]{43}")) {
            throw malformed();
        }
        if (parts.length == 3 && !parts[2].matches("[0-9a-fA-F]{64}")) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token: CA fingerprint '"
                    + parts[2] + "' (expected: 64 hex digits, the SHA-256 of the root CA)");
        }
        return new TokenText(parts[0], parts[1], parts.length == 3 ? parts[2].toLowerCase(java.util.Locale.ROOT) : null);
    }

    String text() {
        return id + "." + secret + (caFingerprint == null ? "" : "." + caFingerprint);
    }

    static String sha256Hex(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static TokenRejectedException malformed() {
        return new TokenRejectedException(TokenRejectedException.Reason.MALFORMED,
                "token: malformed (expected: <id>.<secret>[.<ca-sha256>] as issued by POST /v1/tokens)");
    }
}
