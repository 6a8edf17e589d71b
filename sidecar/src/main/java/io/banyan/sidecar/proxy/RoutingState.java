package io.banyan.sidecar.proxy;

import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.config.AuthorizationPolicy;
import io.banyan.sidecar.config.MeshConfig;
import io.banyan.sidecar.config.RouteConfig;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.route.Router;

import java.util.HashMap;
import java.util.Map;

/** What the request path reads per request, swapped whole on each config: routers by route-config name, clusters. */
public final class RoutingState {

    public static final RoutingState EMPTY = new RoutingState(Map.of(), Clusters.EMPTY, Map.of());

    private final Map<String, Router> routers;
    private final Clusters clusters;
    private final Map<String, AuthorizationPolicy> authorizations;

    private RoutingState(Map<String, Router> routers, Clusters clusters,
                         Map<String, AuthorizationPolicy> authorizations) {
        this.routers = routers;
        this.clusters = clusters;
        this.authorizations = authorizations;
    }

    /** The state for {@code config}; clusters whose endpoints did not change keep their balancers from {@code previous}. */
    public static RoutingState from(MeshConfig config, RoutingState previous, RequestMetrics metrics) {
        Map<String, Router> routers = new HashMap<>();
        for (RouteConfig route : config.routes().values()) {
            routers.put(route.name(), new Router(route));
        }
        Map<String, AuthorizationPolicy> authorizations = new HashMap<>();
        config.listeners().forEach((name, listener) -> authorizations.put(name, listener.authorization()));
        return new RoutingState(Map.copyOf(routers), Clusters.from(config, previous.clusters, metrics),
                Map.copyOf(authorizations));
    }

    /** The router of a route configuration, or {@code null} when the config has none of that name. */
    public Router router(String routeConfigName) {
        return routers.get(routeConfigName);
    }

    /** Who may call through a listener now (a listener the config no longer has: everyone, as it is closing). */
    public AuthorizationPolicy authorization(String listenerName) {
        return authorizations.getOrDefault(listenerName, AuthorizationPolicy.ALLOW_ALL);
    }

    public Clusters clusters() {
        return clusters;
    }
}
