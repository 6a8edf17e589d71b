package io.banyan.sidecar.xds;

import io.banyan.sidecar.config.AuthorizationPolicy;
import io.banyan.sidecar.config.ListenerConfig;
import io.banyan.sidecar.config.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;

/**
 * Listener to {@link ListenerConfig}. Supported: a socket address, traffic_direction (unspecified:
 * INBOUND for names starting {@code inbound|}, else OUTBOUND), and a first filter chain whose only
 * network filter is either an HttpConnectionManager getting its routes by RDS, and of its http_filters the
 * {@code envoy.filters.http.rbac} one ({@link RbacTranslator}), or a TcpProxy to one named cluster (an HTTP or a TCP
 * listener). Further filter chains and other http filters are not interpreted.
 */
final class ListenerTranslator {

    static final String KIND = "listener";
    static final String HCM_FILTER = "envoy.filters.network.http_connection_manager";
    static final String HCM_TYPE_URL =
            "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
    static final String TCP_PROXY_FILTER = "envoy.filters.network.tcp_proxy";
    static final String TCP_PROXY_TYPE_URL =
            "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
    private static final String EXPECTED_FILTER = HCM_FILTER + " or " + TCP_PROXY_FILTER;

    private final RbacTranslator rbac = new RbacTranslator();

    ListenerConfig translate(Listener listener) throws InvalidResourceException {
        String name = listener.getName();
        if (name.isBlank()) {
            throw new InvalidResourceException(KIND, name, "name '' (expected: a non-empty name)");
        }
        if (!listener.hasAddress()) {
            throw new InvalidResourceException(KIND, name, "address: absent (expected: socket_address)");
        }
        SocketAddress socket = ProtoFields.socketAddress(listener.getAddress(), "address", KIND, name);
        Filter filter = onlyFilter(listener);
        try {
            if (isTcpProxy(filter)) {
                return ListenerConfig.tcp(name, socket.getAddress(), socket.getPortValue(), direction(listener),
                        tcpCluster(filter, name));
            }
            HttpConnectionManager hcm = connectionManager(filter, name);
            String routeConfigName = routeConfigName(hcm, name);
            AuthorizationPolicy authorization = rbac.translate(hcm, name);
            return new ListenerConfig(name, socket.getAddress(), socket.getPortValue(), direction(listener),
                    routeConfigName, authorization);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, e.getMessage());
        }
    }

    private static TrafficDirection direction(Listener listener) throws InvalidResourceException {
        switch (listener.getTrafficDirection()) {
            case INBOUND:
                return TrafficDirection.INBOUND;
            case OUTBOUND:
                return TrafficDirection.OUTBOUND;
            case UNSPECIFIED:
                return listener.getName().startsWith("inbound|") ? TrafficDirection.INBOUND : TrafficDirection.OUTBOUND;
            default:
                throw new InvalidResourceException(KIND, listener.getName(), "traffic_direction "
                        + listener.getTrafficDirectionValue() + " (expected: INBOUND, OUTBOUND or UNSPECIFIED)");
        }
    }

    private static Filter onlyFilter(Listener listener) throws InvalidResourceException {
        String name = listener.getName();
        if (listener.getFilterChainsCount() == 0) {
            throw new InvalidResourceException(KIND, name,
                    "filter_chains: [] (expected: a filter chain with an " + EXPECTED_FILTER + ")");
        }
        FilterChain chain = listener.getFilterChains(0);
        if (chain.getFiltersCount() == 0) {
            throw new InvalidResourceException(KIND, name,
                    "filter_chains[0].filters: [] (expected: one " + EXPECTED_FILTER + ")");
        }
        if (chain.getFiltersCount() > 1) {
            throw new InvalidResourceException(KIND, name, "filter_chains[0].filters: " + chain.getFiltersCount()
                    + " filters (expected: only one " + EXPECTED_FILTER + ")");
        }
        return chain.getFilters(0);
    }

    private static boolean isTcpProxy(Filter filter) {
        return filter.hasTypedConfig() && TCP_PROXY_TYPE_URL.equals(filter.getTypedConfig().getTypeUrl());
    }

    /** The target of a tcp_proxy: one named cluster (weighted clusters are not supported). */
    private static String tcpCluster(Filter filter, String name) throws InvalidResourceException {
        TcpProxy proxy = ProtoFields.unpack(filter.getTypedConfig(), TcpProxy.class,
                "filter '" + filter.getName() + "'", KIND, name);
        if (proxy.getClusterSpecifierCase() == TcpProxy.ClusterSpecifierCase.CLUSTERSPECIFIER_NOT_SET) {
            throw new InvalidResourceException(KIND, name, "tcp_proxy cluster: absent (expected: a cluster name)");
        }
        if (proxy.getClusterSpecifierCase() != TcpProxy.ClusterSpecifierCase.CLUSTER) {
            throw new InvalidResourceException(KIND, name, "tcp_proxy cluster_specifier "
                    + proxy.getClusterSpecifierCase() + " (expected: cluster)");
        }
        if (proxy.getCluster().isBlank()) {
            throw new InvalidResourceException(KIND, name, "tcp_proxy cluster '' (expected: a cluster name)");
        }
        return proxy.getCluster();
    }

    private static String routeConfigName(HttpConnectionManager hcm, String name) throws InvalidResourceException {
        if (hcm.getRouteSpecifierCase() != HttpConnectionManager.RouteSpecifierCase.RDS) {
            throw new InvalidResourceException(KIND, name, "http_connection_manager route_specifier "
                    + hcm.getRouteSpecifierCase() + " (expected: rds)");
        }
        String routeConfigName = hcm.getRds().getRouteConfigName();
        if (routeConfigName.isBlank()) {
            throw new InvalidResourceException(KIND, name,
                    "http_connection_manager rds.route_config_name '' (expected: a RouteConfiguration name)");
        }
        return routeConfigName;
    }

    private static HttpConnectionManager connectionManager(Filter filter, String name) throws InvalidResourceException {
        if (!filter.hasTypedConfig()) {
            throw new InvalidResourceException(KIND, name, "filter '" + filter.getName()
                    + "' without typed_config (expected: " + HCM_FILTER + " with an HttpConnectionManager or "
                    + TCP_PROXY_FILTER + " with a TcpProxy)");
        }
        if (!HCM_TYPE_URL.equals(filter.getTypedConfig().getTypeUrl())) {
            throw new InvalidResourceException(KIND, name, "filter '" + filter.getName() + "' of type "
                    + filter.getTypedConfig().getTypeUrl() + " is unsupported (expected: " + EXPECTED_FILTER + ")");
        }
        return ProtoFields.unpack(filter.getTypedConfig(), HttpConnectionManager.class,
                "filter '" + filter.getName() + "'", KIND, name);
    }
}
