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

    /** This snapshot with {@code routes} in place of what its owner has (still this revision): a write's preview. */
    public RouteSnapshot with(OwnedRoutes routes) {
        TreeMap<String, ServiceRoutes> services = new TreeMap<>(this.services);
        TreeMap<String, GatewayRoutes> gateways = new TreeMap<>(this.gateways);
        if (routes instanceof ServiceRoutes service) {
            services.put(service.name(), service);
        } else if (routes instanceof GatewayRoutes gateway) {
            gateways.put(gateway.name(), gateway);
        }
        return new RouteSnapshot(revision, services, gateways);
    }

    /** Without the operator routes of {@code owner}'s {@code name} (none held for it). */
    public RouteSnapshot without(RouteOwner owner, String name) {
        TreeMap<String, ServiceRoutes> services = new TreeMap<>(this.services);
        TreeMap<String, GatewayRoutes> gateways = new TreeMap<>(this.gateways);
        if (owner == RouteOwner.SERVICE) {
            services.remove(name);
        } else {
            gateways.remove(name);
        }
        return new RouteSnapshot(revision, services, gateways);
    }
}
