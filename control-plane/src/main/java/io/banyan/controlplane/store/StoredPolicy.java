package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/** A service's traffic policy as persisted: its admin-API JSON text, and when it was last set. */
public record StoredPolicy(String service, String json, Instant updatedAt) {

    public StoredPolicy {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
