package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A migration as persisted in the map {@code migrations}, by name: its JSON text (spec, state and latest events, as
 * the migrations' own JSON writes it) and when it last changed.
 */
public record StoredMigration(String name, String json, Instant updatedAt) {

    public StoredMigration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
