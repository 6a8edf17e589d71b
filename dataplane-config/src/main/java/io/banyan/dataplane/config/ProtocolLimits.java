package io.banyan.dataplane.config;


import java.util.Objects;

/**
 * Every protocol limit of the sidecar's listeners, as the operator set them ({@code --http1-*}, {@code --http2-*},
 * {@code --tunnel-*}); each part validates its own fields.
 *
 * @param http1  limits and timeouts of HTTP/1.1 downstream connections
 * @param http2  limits and timeouts of HTTP/2 downstream connections
 * @param tunnel how upgraded (WebSocket) connections behave once they are byte tunnels
 */
public record ProtocolLimits(Http1Limits http1, Http2Limits http2, TunnelSettings tunnel) {

    /** Envoy-like defaults, the values the README's configuration reference lists. */
    public static final ProtocolLimits DEFAULT =
            new ProtocolLimits(Http1Limits.DEFAULT, Http2Limits.DEFAULT, TunnelSettings.DEFAULT);

    public ProtocolLimits {
        Objects.requireNonNull(http1, "http1");
        Objects.requireNonNull(http2, "http2");
        Objects.requireNonNull(tunnel, "tunnel");
    }
}
