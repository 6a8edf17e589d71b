package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A staged rollout as persisted in the map {@code rollouts}, by id: its state ({@code baking}, {@code promoted},
 * {@code reverted}) and its JSON text (what {@code GET /v1/rollouts/{id}} shows of it, and what it asked for).
 *
 * @param replica the replica that staged it (its canaries are that replica's nodes); null in records written before
 *                replicas were recorded
 */
public record StoredRollout(String id, long revision, String state, String json, Instant updatedAt, String replica) {

    /** A record that names no replica (as written before replicas were recorded). */
    public StoredRollout(String id, long revision, String state, String json, Instant updatedAt) {
        this(id, revision, state, json, updatedAt, null);
    }

    public StoredRollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
