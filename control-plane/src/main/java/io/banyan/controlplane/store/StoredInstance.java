package io.banyan.controlplane.store;

import java.util.Map;
import java.util.Objects;

/**
 * An instance as persisted. {@code ttlSeconds} is 0 when the instance has no TTL; {@code protocol}
 * is the wire name (http, http2, grpc, tcp). Heartbeat times are not persisted.
 */
public record StoredInstance(String id, String service, String host, int port, String zone, String version,
                             int weight, long ttlSeconds, String protocol, Map<String, String> metadata,
                             boolean mesh) {

    public StoredInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
