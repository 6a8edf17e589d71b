package io.banyan.controlplane.token;

import java.time.Instant;

/**
 * A newly issued join token: {@code token} is the full text ({@code <id>.<secret>.<ca-fingerprint>}), shown
 * only this once; {@code caFingerprint} is the SHA-256 (hex) of the root CA it pins, null if it pins none.
 */
public record IssuedToken(String id, String token, String service, Instant expiresAt, String caFingerprint) {
}
