package io.banyan.sidecar.mirror;

/**
 * The {@code Host} of a shadow request, Envoy's rule: {@code -shadow} appended to the host part, before any port
 * ({@code orders:8080} → {@code orders-shadow:8080}), so the mirror's app can tell copies from live traffic.
 */
public final class ShadowAuthority {

    static final String SUFFIX = "-shadow";

    private ShadowAuthority() {
    }

    public static String of(String authority) {
        int close = authority.lastIndexOf(']'); // an IPv6 literal's colons are not a port's
        int colon = authority.lastIndexOf(':');
        if (colon > close && colon > 0) {
            return authority.substring(0, colon) + SUFFIX + authority.substring(colon);
        }
        return authority + SUFFIX;
    }
}
