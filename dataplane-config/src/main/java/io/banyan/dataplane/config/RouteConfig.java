package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.List;

/** A named route table (xDS RouteConfiguration): virtual hosts chosen by the request's authority. */
public record RouteConfig(String name, List<VirtualHost> virtualHosts) {

    public RouteConfig {
        Checks.nonEmpty(name, "routeConfig.name");
        virtualHosts = List.copyOf(Checks.nonNull(virtualHosts, "routeConfig.virtualHosts"));
    }
}
