package io.banyan.sidecar.config;

/**
 * A port the sidecar listens on, the RouteConfiguration (by name) that routes its requests, and who may call
 * through it. Translated from an xDS Listener whose filter chain holds an HttpConnectionManager with RDS (and,
 * inbound, possibly an RBAC http filter).
 */
public record ListenerConfig(String name, String address, int port, TrafficDirection direction,
                             String routeConfigName, AuthorizationPolicy authorization) {

    public ListenerConfig {
        Checks.nonEmpty(name, "listener.name");
        Checks.nonEmpty(address, "listener.address");
        Checks.port(port, "listener.port");
        Checks.nonNull(direction, "listener.direction");
        Checks.nonEmpty(routeConfigName, "listener.routeConfigName");
        authorization = authorization == null ? AuthorizationPolicy.ALLOW_ALL : authorization;
    }

    /** A listener every caller may use (no authorization). */
    public ListenerConfig(String name, String address, int port, TrafficDirection direction, String routeConfigName) {
        this(name, address, port, direction, routeConfigName, AuthorizationPolicy.ALLOW_ALL);
    }

    /**
     * Whether {@code other} is the same socket and routes, whatever its authorization: a listener is kept (not
     * rebound) when only who may call changed, and open connections see the new policy.
     */
    public boolean sameBinding(ListenerConfig other) {
        return other != null && name.equals(other.name) && address.equals(other.address) && port == other.port
                && direction == other.direction && routeConfigName.equals(other.routeConfigName);
    }
}
