package io.banyan.controlplane.route;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Every service's and gateway's operator routes at one revision. Immutable. */
public record RouteSnapshot(long revision, SortedMap<String, ServiceRoutes> services,
                            SortedMap<String, GatewayRoutes> gateways) {

    public RouteSnapshot {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        gateways = Collections.unmodifiableSortedMap(new TreeMap<>(gateways));
    }

    public static RouteSnapshot empty() {
        return new RouteSnapshot(0, new TreeMap<>(), new TreeMap<>());
    }

    /** The routes of traffic addressed to {@code service}; empty when it has none. */
    public List<OperatorRoute> ofService(String service) {
        ServiceRoutes routes = services.get(service);
        return routes == null ? List.of() : routes.routes();
    }

    /** The routes of gateway {@code gateway}; empty when it has none. */
    public List<OperatorRoute> ofGateway(String gateway) {
        GatewayRoutes routes = gateways.get(gateway);
        return routes == null ? List.of() : routes.routes();
    }
}
