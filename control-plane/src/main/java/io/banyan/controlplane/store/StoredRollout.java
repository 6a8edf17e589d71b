package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A staged rollout as persisted in the map {@code rollouts}, by id: its state ({@code baking}, {@code promoted},
 * {@code reverted}) and its JSON text (what {@code GET /v1/rollouts/{id}} shows of it, and what it asked for).
 */
public record StoredRollout(String id, long revision, String state, String json, Instant updatedAt) {

    public StoredRollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
