package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.ResourceNames;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

/**
 * The route table of an edge gateway, {@code gateway|<name>}. Until an operator sets the gateway's routes it is
 * {@link #empty}: one virtual host for every authority and no routes, so the gateway is ready and answers every
 * request {@code 404} with {@code x-banyan-error: no_route}.
 */
final class GatewayRoutes {

    /** The name of the virtual host that takes every authority. */
    static final String ANY_HOST = "*";

    private GatewayRoutes() {
    }

    /** {@code gateway|<name>} with one virtual host {@code "*"} (domains {@code ["*"]}) and no routes. */
    static RouteConfiguration empty(String name) {
        return RouteConfiguration.newBuilder()
                .setName(ResourceNames.gatewayRoutes(name))
                .addVirtualHosts(VirtualHost.newBuilder().setName(ANY_HOST).addDomains(ANY_HOST))
                .build();
    }
}
