package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.ServiceRoutes;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;

import java.util.List;

/**
 * What a dry run of a route change answers: the Envoy RouteConfigurations it would publish, as proto3 JSON. For a
 * service, the {@code outbound} table holding only that service's virtual host and its {@code upstream|<service>}
 * table; for a gateway, {@code gateway|<name>}. Built by the same code as the published snapshots.
 */
public final class RoutePreview {

    private final ResourceJson json = new ResourceJson();

    /** The route tables {@code routes} would be published in, with {@code policies}. */
    public List<String> of(OwnedRoutes routes, PolicySnapshot policies) {
        return routes instanceof ServiceRoutes service ? service(service, policies)
                : gateway((GatewayRoutes) routes, policies);
    }

    public List<String> service(ServiceRoutes routes, PolicySnapshot policies) {
        String service = routes.service();
        return List.of(
                json.print(RouteConfiguration.newBuilder().setName(ResourceNames.OUTBOUND_ROUTES)
                        .addVirtualHosts(RouteConfigBuilder.outboundHost(service, routes.routes(), policies))
                        .build()),
                json.print(RouteConfigBuilder.upstream(service, routes.routes(), policies)));
    }

    public List<String> gateway(GatewayRoutes routes, PolicySnapshot policies) {
        return List.of(json.print(RouteConfigBuilder.gateway(routes.gateway(), routes.routes(), policies)));
    }
}
