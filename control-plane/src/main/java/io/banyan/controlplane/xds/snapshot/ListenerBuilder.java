package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.banyan.api.xds.ResourceNames;
import io.banyan.api.xds.Upstream;
import io.banyan.controlplane.registry.Protocol;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds a node's Listeners: the shared outbound port (routes by Host), one per explicit upstream port and,
 * with a local app, the inbound port. Each has one HTTP connection manager whose routes come over ADS (RDS),
 * with the local rate limit filter (inert unless a route configures it) before the router. An upstream port whose
 * service speaks tcp, and the inbound port of a node whose app speaks tcp, get a tcp_proxy to that cluster instead
 * (opaque bytes; no routes, no HTTP filters); the inbound one has the authorization network filters (network RBAC)
 * before its tcp_proxy. The shared outbound port stays HTTP: it routes by Host. An edge gateway gets only its one
 * HTTP listener, at the address and port it listens on, with the gateway's route table
 * ({@link ResourceNames#gatewayRoutes}).
 */
final class ListenerBuilder {

    static final String HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
    static final String ROUTER = "envoy.filters.http.router";
    static final String LOCAL_RATE_LIMIT = RoutePolicy.LOCAL_RATE_LIMIT;
    static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";

    List<Listener> build(SidecarNode node) {
        return build(node, List.of());
    }

    /** As {@link #build(SidecarNode)}, with {@code inboundFilters} (authorization) first in the inbound listener. */
    List<Listener> build(SidecarNode node, List<HttpFilter> inboundFilters) {
        return build(node, inboundFilters, service -> Protocol.HTTP);
    }

    /**
     * As {@link #build(SidecarNode, List)}; {@code protocolOf} tells what a service speaks, and an upstream port of
     * a tcp service gets a tcp_proxy listener.
     */
    List<Listener> build(SidecarNode node, List<HttpFilter> inboundFilters, Function<String, Protocol> protocolOf) {
        return build(node, inboundFilters, List.of(), protocolOf);
    }

    /**
     * As {@link #build(SidecarNode, List, Function)}, with {@code inboundNetworkFilters} (authorization: network
     * RBAC) before the tcp_proxy of the inbound listener when the node's app speaks tcp.
     */
    List<Listener> build(SidecarNode node, List<HttpFilter> inboundFilters, List<Filter> inboundNetworkFilters,
                         Function<String, Protocol> protocolOf) {
        return build(node, inboundFilters, inboundNetworkFilters, protocolOf, List.of());
    }

    /**
     * As {@link #build(SidecarNode, List, List, Function)}; a gateway's listener gets {@code gatewayFilters} (the
     * end-user filters its routes need, {@link EdgePolicyBuilder#filters}) before the router.
     */
    List<Listener> build(SidecarNode node, List<HttpFilter> inboundFilters, List<Filter> inboundNetworkFilters,
                         Function<String, Protocol> protocolOf, List<HttpFilter> gatewayFilters) {
        if (node.isGateway()) {
            return gateway(node, gatewayFilters);
        }
        List<Listener> listeners = new ArrayList<>();
        if (node.outboundPort() > 0) {
            listeners.add(listener(ResourceNames.outboundListener(node.outboundPort()), node.outboundAddress(),
                    node.outboundPort(), TrafficDirection.OUTBOUND, ResourceNames.OUTBOUND_ROUTES));
        }
        for (Upstream upstream : node.upstreams()) {
            if (!upstream.hasPort()) {
                continue;
            }
            if (protocolOf.apply(upstream.service()) == Protocol.TCP) {
                listeners.add(tcpListener(ResourceNames.outboundListener(upstream.port()), node.outboundAddress(),
                        upstream.port(), TrafficDirection.OUTBOUND, ResourceNames.cluster(upstream.service()),
                        List.of()));
                continue;
            }
            listeners.add(listener(ResourceNames.outboundListener(upstream.port()), node.outboundAddress(),
                    upstream.port(), TrafficDirection.OUTBOUND, ResourceNames.upstreamRoutes(upstream.service())));
        }
        if (node.hasInbound() && node.appProtocol() == Protocol.TCP) {
            listeners.add(tcpListener(ResourceNames.inboundListener(node.inboundPort()), node.inboundAddress(),
                    node.inboundPort(), TrafficDirection.INBOUND, ResourceNames.inboundCluster(node.appPort()),
                    inboundNetworkFilters));
        } else if (node.hasInbound()) {
            listeners.add(listener(ResourceNames.inboundListener(node.inboundPort()), node.inboundAddress(),
                    node.inboundPort(), TrafficDirection.INBOUND, ResourceNames.INBOUND_ROUTES, inboundFilters));
        }
        return listeners;
    }

    /**
     * A gateway's one listener (none when it names no port): outbound, its routes {@code gateway|<name>}, its
     * end-user filters first.
     */
    private static List<Listener> gateway(SidecarNode node, List<HttpFilter> edgeFilters) {
        if (node.outboundPort() == 0) {
            return List.of();
        }
        return List.of(listener(ResourceNames.outboundListener(node.outboundPort()), node.outboundAddress(),
                node.outboundPort(), TrafficDirection.OUTBOUND, ResourceNames.gatewayRoutes(node.gateway()),
                edgeFilters));
    }

    /** The RouteConfiguration an HTTP listener built here references; empty for a tcp_proxy listener. */
    static Optional<String> routeConfigName(Listener listener) {
        for (FilterChain chain : listener.getFilterChainsList()) {
            for (Filter filter : chain.getFiltersList()) {
                if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
                    try {
                        return Optional.of(filter.getTypedConfig().unpack(HttpConnectionManager.class)
                                .getRds().getRouteConfigName());
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException("listener " + listener.getName() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A listener whose filters are {@code firstFilters} (authorization), then a tcp_proxy to {@code cluster}. */
    private static Listener tcpListener(String name, String host, int port, TrafficDirection direction,
                                        String cluster, List<Filter> firstFilters) {
        TcpProxy proxy = TcpProxy.newBuilder()
                .setStatPrefix(name.replace('|', '_'))
                .setCluster(cluster)
                .build();
        return Listener.newBuilder()
                .setName(name)
                .setAddress(LoadAssignmentBuilder.address(host, port))
                .setTrafficDirection(direction)
                .addFilterChains(FilterChain.newBuilder()
                        .addAllFilters(firstFilters)
                        .addFilters(Filter.newBuilder()
                                .setName(TCP_PROXY)
                                .setTypedConfig(Any.pack(proxy))))
                .build();
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
