package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Duration;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.RateLimit;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a node's RouteConfigurations: {@code outbound} (one virtual host per service, matched by Host),
 * {@code upstream|<service>} per explicit upstream port (everything to that service) and, with a local app,
 * {@code inbound} (everything to {@code inbound|<appPort>}). Routes toward a service carry its traffic policy
 * ({@link RoutePolicy}); the inbound virtual host carries the node's own service's rate limit, if it has one. An edge
 * gateway gets {@code gateway|<name>} ({@link GatewayRoutes}).
 */
final class RouteConfigBuilder {

    static final Duration ROUTE_TIMEOUT = Duration.newBuilder().setSeconds(15).build();

    List<RouteConfiguration> build(SidecarNode node, Set<String> services) {
        return build(node, services, PolicySnapshot.empty());
    }

    List<RouteConfiguration> build(SidecarNode node, Set<String> services, PolicySnapshot policies) {
        List<RouteConfiguration> routes = new ArrayList<>();
        RouteConfiguration.Builder outbound = RouteConfiguration.newBuilder().setName(ResourceNames.OUTBOUND_ROUTES);
        for (String service : services) {
            outbound.addVirtualHosts(virtualHost(service, List.of(service, service + ":*"),
                    ResourceNames.cluster(service), policies.of(service)));
        }
        routes.add(outbound.build());
        if (node.isGateway()) {
            routes.add(GatewayRoutes.empty(node.gateway()));
        }
        Set<String> upstreamServices = new LinkedHashSet<>();
        node.upstreams().forEach(upstream -> upstreamServices.add(upstream.service()));
        for (String service : upstreamServices) {
            routes.add(RouteConfiguration.newBuilder()
                    .setName(ResourceNames.upstreamRoutes(service))
                    .addVirtualHosts(virtualHost(service, List.of("*"), ResourceNames.cluster(service),
                            policies.of(service)))
                    .build());
        }
        if (node.hasInbound()) {
            VirtualHost.Builder local = localApp(node).toBuilder();
            RateLimit limit = node.service() == null ? null : policies.of(node.service()).rateLimit();
            if (limit != null) {
                local.putTypedPerFilterConfig(RoutePolicy.LOCAL_RATE_LIMIT, RoutePolicy.localRateLimit(limit));
            }
            routes.add(RouteConfiguration.newBuilder()
                    .setName(ResourceNames.INBOUND_ROUTES)
                    .addVirtualHosts(local)
                    .build());
        }
        return routes;
    }

    private static VirtualHost localApp(SidecarNode node) {
        return VirtualHost.newBuilder()
                .setName("local-app")
                .addDomains("*")
                .addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(RouteAction.newBuilder()
                                .setCluster(ResourceNames.inboundCluster(node.appPort()))
                                .setTimeout(ROUTE_TIMEOUT)))
                .build();
    }

    private static VirtualHost virtualHost(String name, List<String> domains, String cluster, TrafficPolicy policy) {
        RouteAction.Builder action = RouteAction.newBuilder().setCluster(cluster);
        RoutePolicy.apply(action, policy);
        return VirtualHost.newBuilder()
                .setName(name)
                .addAllDomains(domains)
                .addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(action))
                .build();
    }
}
