package io.banyan.controlplane.route;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The ordered routes of traffic addressed to {@code service}; what matches none goes to the service itself.
 * At most 256 routes, each named uniquely, without {@code hosts}.
 */
public record ServiceRoutes(String service, @JsonInclude(JsonInclude.Include.ALWAYS) List<OperatorRoute> routes)
        implements OwnedRoutes {

    public ServiceRoutes {
        Rules.serviceName("service", service);
        routes = RouteList.checked(routes, false);
    }

    @Override
    public RouteOwner owner() {
        return RouteOwner.SERVICE;
    }

    @Override
    public String name() {
        return service;
    }

    @Override
    public ServiceRoutes withoutRoutes() {
        return new ServiceRoutes(service, List.of());
    }
}
