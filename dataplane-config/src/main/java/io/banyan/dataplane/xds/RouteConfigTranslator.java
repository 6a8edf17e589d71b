package io.banyan.dataplane.xds;

import io.banyan.dataplane.config.DirectResponse;
import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.RateLimitSettings;
import io.banyan.dataplane.config.RedirectAction;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * RouteConfiguration to {@link RouteConfig}. Supported: virtual hosts with domains; routes with a {@code name}, a
 * match ({@link RouteMatchTranslator}) and one action: {@code route} to one {@code cluster} or
 * {@code weighted_clusters} with {@code timeout} (absent: 15s, 0: none) and {@code prefix_rewrite} (not with a path
 * template), or {@code redirect} or {@code direct_response} ({@link LocalReplyTranslator}); request and response
 * header mutations of a virtual host or a route ({@link HeaderMutationTranslator}). Retry and hash policies, and the
 * local rate limit of a virtual host or route: {@link RoutePolicyTranslator}; shadow traffic
 * ({@code request_mirror_policies}): {@link RequestMirrorTranslator}, compared as the route's metadata
 * {@code io.banyan.shadow} says ({@link ShadowCompareTranslator}).
 */
final class RouteConfigTranslator {

    static final String KIND = "route_config";

    RouteConfig translate(RouteConfiguration config) throws InvalidResourceException {
        String name = config.getName();
        if (name.isBlank()) {
            throw new InvalidResourceException(KIND, name, "name '' (expected: a non-empty name)");
        }
        if (config.getRequestHeadersToAddCount() + config.getRequestHeadersToRemoveCount()
                + config.getResponseHeadersToAddCount() + config.getResponseHeadersToRemoveCount() > 0) {
            throw new InvalidResourceException(KIND, name, "request/response_headers_to_add/remove of the route"
                    + " configuration (expected: on a virtual host or a route)");
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
        HeaderMutations request = HeaderMutationTranslator.translate(name, where + " request_headers",
                host.getRequestHeadersToAddList(), host.getRequestHeadersToRemoveList());
        HeaderMutations response = HeaderMutationTranslator.translate(name, where + " response_headers",
                host.getResponseHeadersToAddList(), host.getResponseHeadersToRemoveList());
        try {
            return new VirtualHost(host.getName(), host.getDomainsList(), routes, request, response);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + ": " + e.getMessage());
        }
    }

    private static Route route(String name, String where, io.envoyproxy.envoy.config.route.v3.Route route,
                               RateLimitSettings hostLimit) throws InvalidResourceException {
        RouteMatch match = RouteMatchTranslator.translate(name, where, route.getMatch());
        HeaderMutations request = HeaderMutationTranslator.translate(name, where + " request_headers",
                route.getRequestHeadersToAddList(), route.getRequestHeadersToRemoveList());
        HeaderMutations response = HeaderMutationTranslator.translate(name, where + " response_headers",
                route.getResponseHeadersToAddList(), route.getResponseHeadersToRemoveList());
        RouteAction forward = null;
        RedirectAction redirect = null;
        DirectResponse direct = null;
        switch (route.getActionCase()) {
            case ROUTE -> {
                RateLimitSettings routeLimit = RoutePolicyTranslator.rateLimit(name, where,
                        route.getTypedPerFilterConfigMap());
                forward = action(name, where, route.getRoute()).withRateLimit(routeLimit != null ? routeLimit : hostLimit);
                forward = compared(forward, ShadowCompareTranslator.of(name, where, route.getMetadata()));
            }
            case REDIRECT -> redirect = LocalReplyTranslator.redirect(name, where, route.getRedirect());
            case DIRECT_RESPONSE -> direct = LocalReplyTranslator.directResponse(name, where, route.getDirectResponse());
            default -> throw new InvalidResourceException(KIND, name, where + " action " + route.getActionCase()
                    + " (expected: route, redirect or direct_response)");
        }
        try {
            return new Route(route.getName(), match, forward, redirect, direct, request, response,
                    new EdgeRouteTranslator().translate(route.getTypedPerFilterConfigMap(), name, where));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + ": " + e.getMessage());
        }
    }

    /** Every mirror policy of {@code action} compares its copies' answers as {@code compare} (null: as it was). */
    private static RouteAction compared(RouteAction action, ShadowCompare compare) {
        if (compare == null || action.mirrors().isEmpty()) {
            return action;
        }
        return action.withMirrors(action.mirrors().stream().map(mirror -> mirror.withCompare(compare)).toList());
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
        if (action.hasRegexRewrite() || action.hasPathRewritePolicy()) {
            throw new InvalidResourceException(KIND, name, where + " route.regex_rewrite/path_rewrite_policy"
                    + " (expected: prefix_rewrite)");
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
                    action.getPrefixRewrite().isEmpty() ? null : action.getPrefixRewrite(),
                    RequestMirrorTranslator.mirrors(name, where, action));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + ": " + e.getMessage());
        }
    }
}
