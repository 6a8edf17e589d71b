package io.banyan.controlplane.registry;

import java.time.Duration;
import java.util.Map;

/**
 * A registered instance of a service, as the registry stores it. {@code mesh} instances are a
 * sidecar's inbound port (reached with mutual TLS); the others are reached with a plain connection.
 */
public record Instance(String id, String service, String host, int port, String zone, String version,
                       int weight, Duration ttl, Protocol protocol, Map<String, String> metadata, boolean mesh) {

    public Instance {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        zone = zone == null ? "" : zone;
        version = version == null ? "" : version;
    }
}
