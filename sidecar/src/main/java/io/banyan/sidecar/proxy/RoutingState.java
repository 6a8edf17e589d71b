package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.cluster.ClusterEnvironment;
import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.loadbalance.HashPolicy;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.resilience.LocalRateLimiter;
import io.banyan.sidecar.route.Router;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the request path reads per request, swapped whole on each config: routers by route-config name,
 * clusters, authorizations, and the local rate limiters of routes (kept while a route's action is equal).
 */
public final class RoutingState {

    public static final RoutingState EMPTY = new RoutingState(Map.of(), Clusters.EMPTY, Map.of(), Map.of(), Map.of());

    private final Map<String, Router> routers;
    private final Clusters clusters;
    private final Map<String, AuthorizationPolicy> authorizations;
    private final Map<RouteAction, LocalRateLimiter> rateLimiters;
    private final Map<RouteAction, HashPolicy> hashPolicies;

    private RoutingState(Map<String, Router> routers, Clusters clusters,
                         Map<String, AuthorizationPolicy> authorizations,
                         Map<RouteAction, LocalRateLimiter> rateLimiters, Map<RouteAction, HashPolicy> hashPolicies) {
        this.routers = routers;
        this.clusters = clusters;
        this.authorizations = authorizations;
        this.rateLimiters = rateLimiters;
        this.hashPolicies = hashPolicies;
    }

    /** The state for {@code config}; clusters whose endpoints did not change keep their balancers from {@code previous}. */
    public static RoutingState from(MeshConfig config, RoutingState previous, RequestMetrics metrics) {
        return from(config, previous, metrics, null);
    }

    /**
     * The state for {@code config}, built on {@code previous}; {@code environment} (the zone, scheduler and
     * meters clusters share; {@code null}: the previous one's) is used for new clusters.
     */
    public static RoutingState from(MeshConfig config, RoutingState previous, RequestMetrics metrics,
                                    ClusterEnvironment environment) {
        Map<String, Router> routers = new HashMap<>();
        Map<RouteAction, LocalRateLimiter> limiters = new HashMap<>();
        Map<RouteAction, HashPolicy> hashes = new HashMap<>();
        ClusterEnvironment env = environment != null ? environment : ClusterEnvironment.standalone();
        Set<String> routeNames = new TreeSet<>();
        for (RouteConfig route : config.routes().values()) {
            routers.put(route.name(), new Router(route));
            for (VirtualHost host : route.virtualHosts()) {
                for (Route r : host.routes()) {
                    routeNames.add(r.name());
                    RouteAction action = r.action();
                    if (action == null) {
                        continue; // a redirect or a direct response: nothing to keep
                    }
                    if (action.hash() != null) {
                        hashes.computeIfAbsent(action, a -> HashPolicy.of(a.hash()));
                    }
                    if (action.rateLimit() != null && !limiters.containsKey(action)) {
                        LocalRateLimiter kept = previous.rateLimiters.get(action);
                        limiters.put(action, kept != null ? kept : new LocalRateLimiter(action.rateLimit(), env.ticker(),
                                env.resilience(action.clusters().get(0).cluster())));
                    }
                }
            }
        }
        Map<String, AuthorizationPolicy> authorizations = new HashMap<>();
        config.listeners().forEach((name, listener) -> authorizations.put(name, listener.authorization()));
        metrics.routes().retainOnly(routeNames); // per-route series: only the names this config has
        Clusters clusters = environment == null ? Clusters.from(config, previous.clusters, metrics)
                : Clusters.from(config, previous.clusters, metrics, environment);
        return new RoutingState(Map.copyOf(routers), clusters, Map.copyOf(authorizations), Map.copyOf(limiters),
                Map.copyOf(hashes));
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

    /** The hash policy of a route that hashes, or {@code null}. */
    HashPolicy hashPolicy(RouteAction action) {
        return action.hash() == null ? null : hashPolicies.get(action);
    }

    /** The rate limiter of a route with a rate limit, or {@code null}. */
    LocalRateLimiter rateLimiter(RouteAction action) {
        return action.rateLimit() == null ? null : rateLimiters.get(action);
    }
}
