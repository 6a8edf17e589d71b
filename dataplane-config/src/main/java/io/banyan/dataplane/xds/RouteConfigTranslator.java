package io.banyan.dataplane.xds;

import io.banyan.dataplane.config.RateLimitSettings;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * RouteConfiguration to {@link RouteConfig}. Supported: virtual hosts with domains; routes matching a
 * {@code prefix} or an exact {@code path} (no header or query matchers); a route action to one
 * {@code cluster} or {@code weighted_clusters}; {@code timeout} (absent: 15s, 0: none). Retry and hash
 * policies, and the local rate limit of a virtual host or route: {@link RoutePolicyTranslator}; shadow traffic
 * ({@code request_mirror_policies}): {@link RequestMirrorTranslator}.
 */
final class RouteConfigTranslator {

    static final String KIND = "route_config";

    RouteConfig translate(RouteConfiguration config) throws InvalidResourceException {
        String name = config.getName();
        if (name.isBlank()) {
            throw new InvalidResourceException(KIND, name, "name '' (expected: a non-empty name)");
        }
        List<VirtualHost> hosts = new ArrayList<>();
        for (io.envoyproxy.envoy.config.route.v3.VirtualHost host : config.getVirtualHostsList()) {
            hosts.add(virtualHost(name, host));
        }
        try {
            return new RouteConfig(name, hosts);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, e.getMessage());
        }
    }

    private static VirtualHost virtualHost(String name, io.envoyproxy.envoy.config.route.v3.VirtualHost host)
            throws InvalidResourceException {
        String where = "virtual_host '" + host.getName() + "'";
        RateLimitSettings hostLimit = RoutePolicyTranslator.rateLimit(name, where, host.getTypedPerFilterConfigMap());
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < host.getRoutesCount(); i++) {
            routes.add(route(name, where + " routes[" + i + "]", host.getRoutes(i), hostLimit));
        }
        try {
            return new VirtualHost(host.getName(), host.getDomainsList(), routes);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + ": " + e.getMessage());
        }
    }

    private static Route route(String name, String where, io.envoyproxy.envoy.config.route.v3.Route route,
                               RateLimitSettings hostLimit) throws InvalidResourceException {
        RouteMatch match = match(name, where, route.getMatch());
        if (route.getActionCase() != io.envoyproxy.envoy.config.route.v3.Route.ActionCase.ROUTE) {
            throw new InvalidResourceException(KIND, name, where + " action " + route.getActionCase()
                    + " (expected: route)");
        }
        RateLimitSettings routeLimit = RoutePolicyTranslator.rateLimit(name, where, route.getTypedPerFilterConfigMap());
        RateLimitSettings limit = routeLimit != null ? routeLimit : hostLimit;
        try {
            return new Route(match, action(name, where, route.getRoute()).withRateLimit(limit));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + ": " + e.getMessage());
        }
    }

    private static RouteMatch match(String name, String where, io.envoyproxy.envoy.config.route.v3.RouteMatch match)
            throws InvalidResourceException {
        if (match.getHeadersCount() > 0 || match.getQueryParametersCount() > 0) {
            throw new InvalidResourceException(KIND, name, where
                    + " match.headers/query_parameters are unsupported (expected: prefix or path only)");
        }
        switch (match.getPathSpecifierCase()) {
            case PREFIX:
                return RouteMatch.prefix(match.getPrefix());
            case PATH:
                if (!match.getPath().startsWith("/")) {
                    throw new InvalidResourceException(KIND, name, where + " match.path '" + match.getPath()
                            + "' (expected: starts with '/')");
                }
                return RouteMatch.path(match.getPath());
            default:
                throw new InvalidResourceException(KIND, name, where + " match " + match.getPathSpecifierCase()
                        + " (expected: prefix or path)");
        }
    }

    private static RouteAction action(String name, String where, io.envoyproxy.envoy.config.route.v3.RouteAction action)
            throws InvalidResourceException {
        Duration timeout = RouteAction.DEFAULT_TIMEOUT;
        if (action.hasTimeout()) {
            timeout = ProtoFields.duration(action.getTimeout());
            if (timeout.isNegative()) {
                throw new InvalidResourceException(KIND, name, where + " timeout " + timeout + " (expected: >= 0)");
            }
        }
        List<WeightedCluster> clusters = new ArrayList<>();
        switch (action.getClusterSpecifierCase()) {
            case CLUSTER:
                clusters.add(new WeightedCluster(action.getCluster(), 1));
                break;
            case WEIGHTED_CLUSTERS:
                for (var weighted : action.getWeightedClusters().getClustersList()) {
                    int weight = weighted.hasWeight() ? weighted.getWeight().getValue() : 0;
                    clusters.add(new WeightedCluster(weighted.getName(), weight));
                }
                break;
            default:
                throw new InvalidResourceException(KIND, name, where + " route.cluster_specifier "
                        + action.getClusterSpecifierCase() + " (expected: cluster or weighted_clusters)");
        }
        try {
            return new RouteAction(clusters, timeout, RoutePolicyTranslator.retryPolicy(name, where, action),
                    RoutePolicyTranslator.hash(name, where, action), null,
                    RequestMirrorTranslator.mirrors(name, where, action));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + ": " + e.getMessage());
        }
    }
}
