package io.banyan.sidecar.proxy;

import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.config.MeshConfig;
import io.banyan.sidecar.config.RouteConfig;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.route.Router;

import java.util.HashMap;
import java.util.Map;

/** What the request path reads per request, swapped whole on each config: routers by route-config name, clusters. */
public final class RoutingState {

    public static final RoutingState EMPTY = new RoutingState(Map.of(), Clusters.EMPTY);

    private final Map<String, Router> routers;
    private final Clusters clusters;

    private RoutingState(Map<String, Router> routers, Clusters clusters) {
        this.routers = routers;
        this.clusters = clusters;
    }

    /** The state for {@code config}; clusters whose endpoints did not change keep their balancers from {@code previous}. */
    public static RoutingState from(MeshConfig config, RoutingState previous, RequestMetrics metrics) {
        Map<String, Router> routers = new HashMap<>();
        for (RouteConfig route : config.routes().values()) {
            routers.put(route.name(), new Router(route));
        }
        return new RoutingState(Map.copyOf(routers), Clusters.from(config, previous.clusters, metrics));
    }

    /** The router of a route configuration, or {@code null} when the config has none of that name. */
    public Router router(String routeConfigName) {
        return routers.get(routeConfigName);
    }

    public Clusters clusters() {
        return clusters;
    }
}
