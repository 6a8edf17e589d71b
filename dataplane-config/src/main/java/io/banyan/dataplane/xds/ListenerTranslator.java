package io.banyan.dataplane.xds;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.TrafficDirection;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;

import java.time.Duration;
import java.util.List;

/**
 * Listener to {@link ListenerConfig}. Supported: a socket address, traffic_direction (unspecified:
 * INBOUND for names starting {@code inbound|}, else OUTBOUND), and a first filter chain whose only
 * network filter is either an HttpConnectionManager getting its routes by RDS, and of its http_filters the
 * {@code envoy.filters.http.rbac} one ({@link RbacTranslator}), or a TcpProxy to one named cluster, with its
 * idle_timeout (unset: Envoy's 1 h; 0: none), possibly after one {@code envoy.filters.network.rbac} filter (an HTTP or
 * a TCP listener). Further filter chains and other http filters are not interpreted.
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

    private final EdgeFilterTranslator edge = new EdgeFilterTranslator();
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
        List<Filter> filters = filters(listener);
        Filter last = filters.get(filters.size() - 1);
        try {
            if (isTcpProxy(last)) {
                TcpProxy proxy = ProtoFields.unpack(last.getTypedConfig(), TcpProxy.class,
                        "filter '" + last.getName() + "'", KIND, name);
                return ListenerConfig.tcp(name, socket.getAddress(), socket.getPortValue(), direction(listener),
                        tcpCluster(proxy, name), networkAuthorization(filters, name), idleTimeout(proxy, name));
            }
            if (filters.size() > 1) {
                throw new InvalidResourceException(KIND, name, "filter_chains[0].filters: " + filters.size()
                        + " filters (expected: only one " + EXPECTED_FILTER + ")");
            }
            HttpConnectionManager hcm = connectionManager(last, name);
            String routeConfigName = routeConfigName(hcm, name);
            AuthorizationPolicy authorization = rbac.translate(hcm, name);
            return new ListenerConfig(name, socket.getAddress(), socket.getPortValue(), direction(listener),
                    routeConfigName, authorization).withEdge(edge.translate(hcm, name));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, e.getMessage());
        }
    }

    /** Who may connect through a tcp_proxy: the network RBAC filter before it, if any (at most one, nothing else). */
    private AuthorizationPolicy networkAuthorization(List<Filter> filters, String name)
            throws InvalidResourceException {
        AuthorizationPolicy result = AuthorizationPolicy.ALLOW_ALL;
        for (int i = 0; i < filters.size() - 1; i++) {
            Filter filter = filters.get(i);
            String field = "filter_chains[0].filters[" + i + "]";
            if (!RbacTranslator.isNetworkRbac(filter)) {
                throw new InvalidResourceException(KIND, name, field + " '" + filter.getName()
                        + "' before the tcp_proxy is unsupported (expected: only " + RbacTranslator.NETWORK_RBAC_FILTER
                        + ")");
            }
            if (i > 0) {
                throw new InvalidResourceException(KIND, name, field + " '" + filter.getName()
                        + "': a second RBAC filter (expected: one)");
            }
            result = rbac.translateNetwork(filter, field, name);
        }
        return result;
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

    /** The filters of the first filter chain: at least one. */
    private static List<Filter> filters(Listener listener) throws InvalidResourceException {
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
        return chain.getFiltersList();
    }

    private static boolean isTcpProxy(Filter filter) {
        return filter.hasTypedConfig() && TCP_PROXY_TYPE_URL.equals(filter.getTypedConfig().getTypeUrl());
    }

    /** The idle timeout of a tcp_proxy: unset, Envoy's default (1 h); zero disables it. */
    private static Duration idleTimeout(TcpProxy proxy, String name) throws InvalidResourceException {
        if (!proxy.hasIdleTimeout()) {
            return ListenerConfig.DEFAULT_TCP_IDLE_TIMEOUT;
        }
        Duration timeout = ProtoFields.duration(proxy.getIdleTimeout());
        if (timeout.isNegative()) {
            throw new InvalidResourceException(KIND, name, "tcp_proxy idle_timeout " + timeout
                    + " (expected: >= 0, 0 disables it)");
        }
        return timeout;
    }

    /** The target of a tcp_proxy: one named cluster (weighted clusters are not supported). */
    private static String tcpCluster(TcpProxy proxy, String name) throws InvalidResourceException {
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
