package io.banyan.dataplane.config;

/**
 * The end-user policy of one gateway route, from its {@code typed_per_filter_config}; every part may be absent
 * ({@code null}; {@code maxRequestBytes} 0): {@code jwtRequirement} names a requirement of the listener's
 * {@link EdgeListenerSettings}.
 */
public record EdgeRouteSettings(String jwtRequirement, ApiKeySettings apiKeys, ClientRateLimitSettings rateLimit,
                                CorsSettings cors, long maxRequestBytes) {

    public static final EdgeRouteSettings NONE = new EdgeRouteSettings(null, null, null, null, 0);

    public EdgeRouteSettings {
        if (maxRequestBytes < 0) {
            throw new IllegalArgumentException("max_request_bytes: " + maxRequestBytes + " (expected: >= 0, 0 for none)");
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
