package io.banyan.controlplane.token;

import java.time.Instant;

/** A join token as listed: never its secret. */
public record JoinToken(String id, String service, Instant createdAt, Instant expiresAt) {
}
