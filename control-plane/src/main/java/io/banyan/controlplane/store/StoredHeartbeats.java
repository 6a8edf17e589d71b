package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The heartbeats one control-plane replica received since its previous flush, shared with the other replicas through
 * the store's {@code heartbeats} map (key: the replica's name): instance id to the last heartbeat it received.
 */
public record StoredHeartbeats(String replica, Instant writtenAt, Map<String, Instant> heartbeats) {

    public StoredHeartbeats {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(writtenAt, "writtenAt");
        heartbeats = heartbeats == null ? Map.of() : Map.copyOf(heartbeats);
    }
}
