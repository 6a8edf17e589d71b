package io.banyan.controlplane.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text of a join token: {@code <id>.<secret>}, where the id is 16 hex digits and the secret is
 * 43 base64url characters (256 random bits). Further {@code .}-separated segments are reserved for
 * later extensions (such as the CA fingerprint) and ignored here.
 */
record TokenText(String id, String secret) {

    static TokenText parse(String text) {
        if (text == null) {
            throw malformed();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length < 2 || !parts[0].matches("[0-9a-f]{16}") || !parts[1].matches("[A-Za-z0-9_-]{43}")) {
            throw malformed();
        }
        return new TokenText(parts[0], parts[1]);
    }

    String text() {
        return id + "." + secret;
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
                "token: malformed (expected: <id>.<secret> as issued by POST /v1/tokens)");
    }
}
