package io.banyan.dataplane.config;

import java.time.Duration;

/**
 * Process-wide limits of the upstream connection pools.
 *
 * <p>The idle timeout of a pooled connection is its cluster's ({@code common_http_protocol_options.idle_timeout},
 * Envoy's default 1 h) capped by {@code idleTimeout} here: the lower of the two wins, and a cluster that disables
 * its idle timeout (zero) gets the cap. The cap (60 s by default) keeps connections from outliving the keep-alive
 * of typical upstream servers by much; a cluster can only shorten it. See {@link #idleTimeoutFor(Duration)}.
 *
 * @param idleTimeout                 the longest a pooled connection may stay unused before it is closed
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

    /** The idle timeout of a connection of a cluster whose own is {@code clusterIdleTimeout} (zero: none): the lower. */
    public Duration idleTimeoutFor(Duration clusterIdleTimeout) {
        if (clusterIdleTimeout == null || clusterIdleTimeout.isZero() || clusterIdleTimeout.isNegative()) {
            return idleTimeout;
        }
        return clusterIdleTimeout.compareTo(idleTimeout) < 0 ? clusterIdleTimeout : idleTimeout;
    }
}
