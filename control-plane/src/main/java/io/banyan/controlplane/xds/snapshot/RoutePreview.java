package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.ServiceRoutes;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig;

import java.util.List;

/**
 * What a dry run of a route change answers: the Envoy RouteConfigurations it would publish, as proto3 JSON. For a
 * service, the {@code outbound} table holding only that service's virtual host and its {@code upstream|<service>}
 * table; for a gateway, {@code gateway|<name>}. Built by the same code as the published snapshots.
 */
public final class RoutePreview {

    private final JsonFormat.Printer printer = JsonFormat.printer()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(UriTemplateMatchConfig.getDescriptor()).build());

    /** The route tables {@code routes} would be published in, with {@code policies}. */
    public List<String> of(OwnedRoutes routes, PolicySnapshot policies) {
        return routes instanceof ServiceRoutes service ? service(service, policies)
                : gateway((GatewayRoutes) routes, policies);
    }

    public List<String> service(ServiceRoutes routes, PolicySnapshot policies) {
        String service = routes.service();
        return List.of(
                json(RouteConfiguration.newBuilder().setName(ResourceNames.OUTBOUND_ROUTES)
                        .addVirtualHosts(RouteConfigBuilder.outboundHost(service, routes.routes(), policies))
                        .build()),
                json(RouteConfigBuilder.upstream(service, routes.routes(), policies)));
    }

    public List<String> gateway(GatewayRoutes routes, PolicySnapshot policies) {
        return List.of(json(RouteConfigBuilder.gateway(routes.gateway(), routes.routes(), policies)));
    }

    private String json(Message message) {
        try {
            return printer.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
        }
    }
}
