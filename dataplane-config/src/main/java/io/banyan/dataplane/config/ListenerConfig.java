package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * A port the sidecar listens on and what it does with a connection. An {@link Kind#HTTP} listener routes its
 * requests by the RouteConfiguration {@code routeConfigName} and checks who may call through it; translated from an
 * xDS Listener whose filter chain holds an HttpConnectionManager with RDS (and, inbound, possibly an RBAC http
 * filter). A {@link Kind#TCP} listener relays opaque bytes to an endpoint of {@code cluster}; translated from a
 * filter chain holding a tcp_proxy (and, inbound, possibly an RBAC network filter before it).
 *
 * @param port            the port to listen on; 0 lets the OS choose a free one, which the data plane reports
 *                        once bound
 * @param routeConfigName the routes of an HTTP listener; {@code ""} for a TCP one
 * @param cluster         the target cluster of a TCP listener; {@code ""} for an HTTP one
 * @param idleTimeout     a TCP listener's connection with no byte either way for this long is closed (Envoy's
 *                        tcp_proxy {@code idle_timeout}: {@link #DEFAULT_TCP_IDLE_TIMEOUT} unless set;
 *                        {@link Duration#ZERO} disables it); an HTTP listener has its timeouts in its protocol limits
 *                        and keeps the default here
 * @param edge            a gateway listener's end-user filters ({@link EdgeListenerSettings#NONE} for a sidecar's)
 */
public record ListenerConfig(String name, String address, int port, TrafficDirection direction,
                             String routeConfigName, AuthorizationPolicy authorization, Kind kind, String cluster,
                             Duration idleTimeout, EdgeListenerSettings edge) {

    /** Envoy's tcp_proxy {@code idle_timeout} when unset: one hour. */
    public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofHours(1);

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
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listener.port: " + port + " (expected: 0..65535, 0 for any free port)");
        }
        Checks.nonNull(direction, "listener.direction");
        Checks.nonNull(kind, "listener.kind");
        authorization = authorization == null ? AuthorizationPolicy.ALLOW_ALL : authorization;
        routeConfigName = routeConfigName == null ? "" : routeConfigName;
        cluster = cluster == null ? "" : cluster;
        idleTimeout = idleTimeout == null ? DEFAULT_TCP_IDLE_TIMEOUT : idleTimeout;
        edge = edge == null ? EdgeListenerSettings.NONE : edge;
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("listener.idleTimeout: " + idleTimeout
                    + " (expected: >= 0, 0 disables it)");
        }
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

    /** A listener without end-user filters. */
    public ListenerConfig(String name, String address, int port, TrafficDirection direction, String routeConfigName,
                          AuthorizationPolicy authorization, Kind kind, String cluster, Duration idleTimeout) {
        this(name, address, port, direction, routeConfigName, authorization, kind, cluster, idleTimeout,
                EdgeListenerSettings.NONE);
    }

    /** A listener with the default TCP idle timeout. */
    public ListenerConfig(String name, String address, int port, TrafficDirection direction, String routeConfigName,
                          AuthorizationPolicy authorization, Kind kind, String cluster) {
        this(name, address, port, direction, routeConfigName, authorization, kind, cluster, DEFAULT_TCP_IDLE_TIMEOUT);
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

    /** A TCP listener relaying every connection to an endpoint of {@code cluster}; every caller may connect. */
    public static ListenerConfig tcp(String name, String address, int port, TrafficDirection direction,
                                     String cluster) {
        return tcp(name, address, port, direction, cluster, AuthorizationPolicy.ALLOW_ALL, DEFAULT_TCP_IDLE_TIMEOUT);
    }

    /** A TCP listener with who may connect (checked once per connection) and its idle timeout. */
    public static ListenerConfig tcp(String name, String address, int port, TrafficDirection direction,
                                     String cluster, AuthorizationPolicy authorization, Duration idleTimeout) {
        return new ListenerConfig(name, address, port, direction, "", authorization, Kind.TCP, cluster, idleTimeout);
    }

    /** This HTTP listener with the end-user filters {@code edge}. */
    public ListenerConfig withEdge(EdgeListenerSettings edge) {
        return new ListenerConfig(name, address, port, direction, routeConfigName, authorization, kind, cluster,
                idleTimeout, edge);
    }

    /** Whether this listener relays opaque bytes. */
    public boolean isTcp() {
        return kind == Kind.TCP;
    }

    /**
     * Whether {@code other} is the same socket and routes (or target cluster and idle timeout), whatever its
     * authorization: a listener is kept (not rebound) when only who may call changed; HTTP connections see the new
     * policy on their next request, TCP ones are checked once, so it applies to new connections.
     */
    public boolean sameBinding(ListenerConfig other) {
        return other != null && name.equals(other.name) && address.equals(other.address) && port == other.port
                && direction == other.direction && kind == other.kind && routeConfigName.equals(other.routeConfigName)
                && cluster.equals(other.cluster) && idleTimeout.equals(other.idleTimeout);
    }
}
