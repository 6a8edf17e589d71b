package io.banyan.api.registration;

import java.util.Map;

/**
 * An instance that a sidecar registers on behalf of its app. {@code port} is where the mesh reaches
 * the instance: the sidecar's inbound port ({@code mesh} instances are always reached through it).
 */
public record RegisterRequest(
        String service,
        String host,
        int port,
        String zone,
        String version,
        int weight,
        int ttlSeconds,
        String protocol,
        Map<String, String> metadata) {

    public RegisterRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
