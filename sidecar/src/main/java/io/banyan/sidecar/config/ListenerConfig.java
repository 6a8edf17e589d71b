package io.banyan.sidecar.config;

/**
 * A port the sidecar listens on, and the RouteConfiguration (by name) that routes its requests.
 * Translated from an xDS Listener whose filter chain holds an HttpConnectionManager with RDS.
 */
public record ListenerConfig(String name, String address, int port, TrafficDirection direction,
                             String routeConfigName) {

    public ListenerConfig {
        Checks.nonEmpty(name, "listener.name");
        Checks.nonEmpty(address, "listener.address");
        Checks.port(port, "listener.port");
        Checks.nonNull(direction, "listener.direction");
        Checks.nonEmpty(routeConfigName, "listener.routeConfigName");
    }
}
