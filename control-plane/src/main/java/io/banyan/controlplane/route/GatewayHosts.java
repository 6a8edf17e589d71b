package io.banyan.controlplane.route;

import java.util.List;

/**
 * Which gateway routes serve a host: a route on {@code hosts} serves the virtual host {@code host} when it has no
 * hosts (every host), names {@code host} itself, or names a wildcard {@code *.s} covering it ({@code host} ends with
 * {@code .s}; so {@code *.example.com} covers {@code a.example.com}, {@code a.b.example.com} and
 * {@code *.a.example.com}, not {@code example.com}), as in Istio and the Gateway API.
 */
public final class GatewayHosts {

    private static final String WILDCARD = "*.";

    private GatewayHosts() {
    }

    /** Whether a route on {@code routeHosts} (null: every host) serves requests of the virtual host {@code host}. */
    public static boolean serves(List<String> routeHosts, String host) {
        return routeHosts == null || routeHosts.stream().anyMatch(routeHost -> covers(routeHost, host));
    }

    /** Whether the route host {@code routeHost} ({@code a.s} or {@code *.s}) covers the virtual host {@code host}. */
    public static boolean covers(String routeHost, String host) {
        return routeHost.equals(host)
                || routeHost.startsWith(WILDCARD) && host.endsWith(routeHost.substring(1));
    }
}
