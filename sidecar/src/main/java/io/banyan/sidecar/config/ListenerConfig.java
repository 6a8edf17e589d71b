package io.banyan.sidecar.config;

/**
 * A port the sidecar listens on and what it does with a connection. An {@link Kind#HTTP} listener routes its
 * requests by the RouteConfiguration {@code routeConfigName} and checks who may call through it; translated from an
 * xDS Listener whose filter chain holds an HttpConnectionManager with RDS (and, inbound, possibly an RBAC http
 * filter). A {@link Kind#TCP} listener relays opaque bytes to an endpoint of {@code cluster}; translated from a
 * filter chain holding only a tcp_proxy.
 *
 * @param routeConfigName the routes of an HTTP listener; {@code ""} for a TCP one
 * @param cluster         the target cluster of a TCP listener; {@code ""} for an HTTP one
 */
public record ListenerConfig(String name, String address, int port, TrafficDirection direction,
                             String routeConfigName, AuthorizationPolicy authorization, Kind kind, String cluster) {

    /** What a listener speaks. */
    public enum Kind {
        /** HTTP/1.1: requests are routed. */
        HTTP,
        /** Opaque bytes relayed to one cluster (Envoy's tcp_proxy). */
        TCP
    }

    public ListenerConfig {
        Checks.nonEmpty(name, "listener.name");
        Checks.nonEmpty(address, "listener.address");
        Checks.port(port, "listener.port");
        Checks.nonNull(direction, "listener.direction");
        Checks.nonNull(kind, "listener.kind");
        authorization = authorization == null ? AuthorizationPolicy.ALLOW_ALL : authorization;
        routeConfigName = routeConfigName == null ? "" : routeConfigName;
        cluster = cluster == null ? "" : cluster;
        if (kind == Kind.HTTP) {
            Checks.nonEmpty(routeConfigName, "listener.routeConfigName");
            if (!cluster.isEmpty()) {
                throw new IllegalArgumentException("listener.cluster: '" + cluster
                        + "' (expected: '' for an HTTP listener, which routes by its routeConfigName)");
            }
        } else {
            Checks.nonEmpty(cluster, "listener.cluster");
            if (!routeConfigName.isEmpty()) {
                throw new IllegalArgumentException("listener.routeConfigName: '" + routeConfigName
                        + "' (expected: '' for a TCP listener, which has no routes)");
            }
        }
    }

    /** An HTTP listener with its authorization. */
    public ListenerConfig(String name, String address, int port, TrafficDirection direction, String routeConfigName,
                          AuthorizationPolicy authorization) {
        this(name, address, port, direction, routeConfigName, authorization, Kind.HTTP, "");
    }

    /** An HTTP listener every caller may use (no authorization). */
    public ListenerConfig(String name, String address, int port, TrafficDirection direction, String routeConfigName) {
        this(name, address, port, direction, routeConfigName, AuthorizationPolicy.ALLOW_ALL);
    }

    /** A TCP listener relaying every connection to an endpoint of {@code cluster}. */
    public static ListenerConfig tcp(String name, String address, int port, TrafficDirection direction,
                                     String cluster) {
        return new ListenerConfig(name, address, port, direction, "", AuthorizationPolicy.ALLOW_ALL, Kind.TCP,
                cluster);
    }

    /** Whether this listener relays opaque bytes. */
    public boolean isTcp() {
        return kind == Kind.TCP;
    }

    /**
     * Whether {@code other} is the same socket and routes (or target cluster), whatever its authorization: a
     * listener is kept (not rebound) when only who may call changed, and open connections see the new policy.
     */
    public boolean sameBinding(ListenerConfig other) {
        return other != null && name.equals(other.name) && address.equals(other.address) && port == other.port
                && direction == other.direction && kind == other.kind && routeConfigName.equals(other.routeConfigName)
                && cluster.equals(other.cluster);
    }
}
