package io.banyan.controlplane.xds;

import com.google.protobuf.Any;
import io.banyan.api.xds.ResourceNames;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a node's Listeners: the shared outbound port (routes by Host), one per explicit upstream port and,
 * with a local app, the inbound port. Each has one HTTP connection manager whose routes come over ADS (RDS),
 * with the local rate limit filter (inert unless a route configures it) before the router.
 */
final class ListenerBuilder {

    static final String HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
    static final String ROUTER = "envoy.filters.http.router";
    static final String LOCAL_RATE_LIMIT = RoutePolicy.LOCAL_RATE_LIMIT;

    List<Listener> build(SidecarNode node) {
        return build(node, List.of());
    }

    /** As {@link #build(SidecarNode)}, with {@code inboundFilters} (authorization) first in the inbound listener. */
    List<Listener> build(SidecarNode node, List<HttpFilter> inboundFilters) {
        List<Listener> listeners = new ArrayList<>();
        if (node.outboundPort() > 0) {
            listeners.add(listener(ResourceNames.outboundListener(node.outboundPort()), node.outboundAddress(),
                    node.outboundPort(), TrafficDirection.OUTBOUND, ResourceNames.OUTBOUND_ROUTES));
        }
        for (Upstream upstream : node.upstreams()) {
            listeners.add(listener(ResourceNames.outboundListener(upstream.port()), node.outboundAddress(),
                    upstream.port(), TrafficDirection.OUTBOUND, ResourceNames.upstreamRoutes(upstream.service())));
        }
        if (node.hasInbound()) {
            listeners.add(listener(ResourceNames.inboundListener(node.inboundPort()), node.inboundAddress(),
                    node.inboundPort(), TrafficDirection.INBOUND, ResourceNames.INBOUND_ROUTES, inboundFilters));
        }
        return listeners;
    }

    private static Listener listener(String name, String host, int port, TrafficDirection direction,
                                     String routeConfigName) {
        return listener(name, host, port, direction, routeConfigName, List.of());
    }

    private static Listener listener(String name, String host, int port, TrafficDirection direction,
                                     String routeConfigName, List<HttpFilter> firstFilters) {
        HttpConnectionManager manager = HttpConnectionManager.newBuilder()
                .setStatPrefix(name.replace('|', '_'))
                .setCodecType(HttpConnectionManager.CodecType.AUTO)
                .setRds(Rds.newBuilder()
                        .setConfigSource(ClusterBuilder.ads())
                        .setRouteConfigName(routeConfigName))
                .addAllHttpFilters(firstFilters)
                .addHttpFilters(HttpFilter.newBuilder()
                        .setName(LOCAL_RATE_LIMIT)
                        .setTypedConfig(RoutePolicy.localRateLimitFilter()))
                .addHttpFilters(HttpFilter.newBuilder()
                        .setName(ROUTER)
                        .setTypedConfig(Any.pack(Router.getDefaultInstance())))
                .build();
        return Listener.newBuilder()
                .setName(name)
                .setAddress(LoadAssignmentBuilder.address(host, port))
                .setTrafficDirection(direction)
                .addFilterChains(FilterChain.newBuilder()
                        .addFilters(Filter.newBuilder()
                                .setName(HTTP_CONNECTION_MANAGER)
                                .setTypedConfig(Any.pack(manager))))
                .build();
    }
}
