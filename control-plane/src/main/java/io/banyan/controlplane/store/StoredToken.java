package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A join token as persisted: never the secret, only its SHA-256 hash (lower-case hex).
 * {@code revokedAt} is null while the token is not revoked.
 */
public record StoredToken(String id, String service, String secretSha256, Instant createdAt, Instant expiresAt,
                          Instant revokedAt) {

    public StoredToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(secretSha256, "secretSha256");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public StoredToken revoked(Instant at) {
        return new StoredToken(id, service, secretSha256, createdAt, expiresAt, at);
    }
}
