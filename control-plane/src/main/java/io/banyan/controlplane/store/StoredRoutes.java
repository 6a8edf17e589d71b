package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The operator routes of a service or a gateway as persisted: the owner's name, its admin-API JSON text, and when it
 * was last set. Kept in the maps {@code routes} (by service) and {@code gateway-routes} (by gateway).
 */
public record StoredRoutes(String owner, String json, Instant updatedAt) {

    public StoredRoutes {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
