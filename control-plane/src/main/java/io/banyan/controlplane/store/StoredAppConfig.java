package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A service's app configuration as persisted: its JSON {@code {"values": {...}, "secrets": {...}}} with every secret
 * sealed (never plaintext), and when it was last set.
 */
public record StoredAppConfig(String service, String json, Instant updatedAt) {

    public StoredAppConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
