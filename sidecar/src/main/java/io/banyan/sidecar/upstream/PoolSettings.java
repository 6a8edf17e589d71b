package io.banyan.sidecar.upstream;

import java.time.Duration;

/**
 * Limits of the upstream connection pools.
 *
 * @param idleTimeout                 a pooled connection unused this long is closed
 * @param maxConnectionsPerEndpoint   open connections per endpoint and event loop, beyond which requests fail with overflow
 */
public record PoolSettings(Duration idleTimeout, int maxConnectionsPerEndpoint) {

    public static final PoolSettings DEFAULT = new PoolSettings(Duration.ofSeconds(60), 1024);

    public PoolSettings {
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
        }
        if (maxConnectionsPerEndpoint < 1) {
            throw new IllegalArgumentException("maxConnectionsPerEndpoint: " + maxConnectionsPerEndpoint + " (expected: >= 1)");
        }
    }
}
