package io.banyan.controlplane.route;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The ordered routes of the edge gateway {@code gateway}, each on its {@code hosts} (absent: every host); what
 * matches none is answered 404 by the gateway. At most 256 routes, each named uniquely.
 */
public record GatewayRoutes(String gateway, @JsonInclude(JsonInclude.Include.ALWAYS) List<OperatorRoute> routes)
        implements OwnedRoutes {

    public GatewayRoutes {
        Rules.serviceName("gateway", gateway);
        routes = RouteList.checked(routes, true);
    }

    @Override
    public RouteOwner owner() {
        return RouteOwner.GATEWAY;
    }

    @Override
    public String name() {
        return gateway;
    }

    @Override
    public GatewayRoutes withoutRoutes() {
        return new GatewayRoutes(gateway, List.of());
    }
}
