package io.banyan.dataplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How upgraded connections behave once they are tunnels.
 *
 * @param idleTimeout a tunnel with no byte either way for this long is closed (Envoy's stream idle timeout,
 *                    5 minutes by default); {@link Duration#ZERO} disables it
 */
public record TunnelSettings(Duration idleTimeout) {

    /** Envoy's default {@code stream_idle_timeout}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final TunnelSettings DEFAULT = new TunnelSettings(DEFAULT_IDLE_TIMEOUT);

    public TunnelSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: >= 0, 0 disables it)");
        }
    }
}
