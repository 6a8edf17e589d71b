package io.banyan.controlplane.xds;

import com.google.protobuf.Duration;
import io.banyan.api.xds.ResourceNames;
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
 * {@code inbound} (everything to {@code inbound|<appPort>}).
 */
final class RouteConfigBuilder {

    static final Duration ROUTE_TIMEOUT = Duration.newBuilder().setSeconds(15).build();

    List<RouteConfiguration> build(SidecarNode node, Set<String> services) {
        List<RouteConfiguration> routes = new ArrayList<>();
        RouteConfiguration.Builder outbound = RouteConfiguration.newBuilder().setName(ResourceNames.OUTBOUND_ROUTES);
        for (String service : services) {
            outbound.addVirtualHosts(virtualHost(service, List.of(service, service + ":*"),
                    ResourceNames.cluster(service)));
        }
        routes.add(outbound.build());
        Set<String> upstreamServices = new LinkedHashSet<>();
        node.upstreams().forEach(upstream -> upstreamServices.add(upstream.service()));
        for (String service : upstreamServices) {
            routes.add(RouteConfiguration.newBuilder()
                    .setName(ResourceNames.upstreamRoutes(service))
                    .addVirtualHosts(virtualHost(service, List.of("*"), ResourceNames.cluster(service)))
                    .build());
        }
        if (node.hasInbound()) {
            routes.add(RouteConfiguration.newBuilder()
                    .setName(ResourceNames.INBOUND_ROUTES)
                    .addVirtualHosts(virtualHost("local-app", List.of("*"),
                            ResourceNames.inboundCluster(node.appPort())))
                    .build());
        }
        return routes;
    }

    private static VirtualHost virtualHost(String name, List<String> domains, String cluster) {
        return VirtualHost.newBuilder()
                .setName(name)
                .addAllDomains(domains)
                .addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(RouteAction.newBuilder().setCluster(cluster).setTimeout(ROUTE_TIMEOUT)))
                .build();
    }
}
