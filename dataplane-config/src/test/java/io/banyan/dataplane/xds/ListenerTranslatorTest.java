package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerTranslatorTest {

    private final ListenerTranslator translator = new ListenerTranslator();

    @Test
    void translatesAnOutboundListenerWithRds() throws Exception {
        ListenerConfig config = translator.translate(XdsResources.listener("outbound|9001", 9001, "upstream|orders"));

        assertThat(config).isEqualTo(new ListenerConfig("outbound|9001", "127.0.0.1", 9001,
                TrafficDirection.OUTBOUND, "upstream|orders"));
    }

    @Test
    void infersTheDirectionFromTheNameWhenUnspecified() throws Exception {
        Listener inbound = XdsResources.listener("inbound|15006", 15006, "inbound").toBuilder()
                .setTrafficDirection(io.envoyproxy.envoy.config.core.v3.TrafficDirection.UNSPECIFIED)
                .build();

        assertThat(translator.translate(inbound).direction()).isEqualTo(TrafficDirection.INBOUND);
    }

    @Test
    void rejectsAnOutOfRangePort() {
        Listener listener = XdsResources.listener("outbound|9001", 70000, "upstream|orders");

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: port_value 70000 (expected: 1..65535)");
    }

    @Test
    void rejectsAPipeAddress() {
        Listener listener = XdsResources.listener("outbound|9001", 9001, "r").toBuilder()
                .setAddress(Address.newBuilder().setPipe(Pipe.newBuilder().setPath("/tmp/sock")))
                .build();

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: address PIPE (expected: socket_address)");
    }

    @Test
    void rejectsAListenerWithoutFilterChains() {
        Listener listener = XdsResources.listener("outbound|9001", 9001, "r").toBuilder().clearFilterChains().build();

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: filter_chains: [] (expected: a filter chain with an "
                        + "envoy.filters.network.http_connection_manager or envoy.filters.network.tcp_proxy)");
    }

    @Test
    void rejectsAnUnsupportedNetworkFilter() {
        Listener listener = XdsResources.listener("outbound|9001", 9001, "r").toBuilder()
                .setFilterChains(0, FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.echo")
                        .setTypedConfig(Any.pack(RouteConfiguration.newBuilder().setName("x").build()))))
                .build();

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: filter 'envoy.filters.network.echo' of type "
                        + "type.googleapis.com/envoy.config.route.v3.RouteConfiguration is unsupported "
                        + "(expected: envoy.filters.network.http_connection_manager or envoy.filters.network.tcp_proxy)");
    }

    private static Listener tcpListener(String name, int port, TcpProxy proxy) {
        return XdsResources.listener(name, port, "r").toBuilder()
                .setFilterChains(0, FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName(ListenerTranslator.TCP_PROXY_FILTER)
                        .setTypedConfig(Any.pack(proxy))))
                .build();
    }

    @Test
    void translatesATcpProxyToATcpListenerOfItsCluster() throws Exception {
        Listener listener = tcpListener("outbound|9001", 9001,
                TcpProxy.newBuilder().setStatPrefix("outbound_9001").setCluster("orders").build());

        ListenerConfig config = translator.translate(listener);

        assertThat(config).isEqualTo(ListenerConfig.tcp("outbound|9001", "127.0.0.1", 9001,
                TrafficDirection.OUTBOUND, "orders"));
        assertThat(config.kind()).isEqualTo(ListenerConfig.Kind.TCP);
        assertThat(config.routeConfigName()).isEmpty();
    }

    @Test
    void rejectsATcpProxyWithWeightedClusters() {
        Listener listener = tcpListener("outbound|9001", 9001, TcpProxy.newBuilder().setStatPrefix("x")
                .setWeightedClusters(TcpProxy.WeightedCluster.newBuilder().addClusters(
                        TcpProxy.WeightedCluster.ClusterWeight.newBuilder().setName("orders").setWeight(1)))
                .build());

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: tcp_proxy cluster_specifier WEIGHTED_CLUSTERS (expected: cluster)");
    }

    @Test
    void rejectsATcpProxyWithoutCluster() {
        Listener listener = tcpListener("outbound|9001", 9001, TcpProxy.newBuilder().setStatPrefix("x").build());

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: tcp_proxy cluster: absent (expected: a cluster name)");
    }

    @Test
    void rejectsATcpProxyWithAnotherFilter() {
        Listener tcp = tcpListener("outbound|9001", 9001,
                TcpProxy.newBuilder().setStatPrefix("x").setCluster("orders").build());
        Listener listener = tcp.toBuilder()
                .setFilterChains(0, FilterChain.newBuilder()
                        .addFilters(Filter.newBuilder().setName("envoy.filters.network.ext_authz"))
                        .addFilters(tcp.getFilterChains(0).getFilters(0)))
                .build();

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: filter_chains[0].filters[0] 'envoy.filters.network.ext_authz' "
                        + "before the tcp_proxy is unsupported (expected: only envoy.filters.network.rbac)");
    }

    @Test
    void rejectsAFilterAfterTheConnectionManager() {
        Listener good = XdsResources.listener("outbound|9001", 9001, "r");
        Listener listener = good.toBuilder()
                .setFilterChains(0, good.getFilterChains(0).toBuilder().addFilters(Filter.newBuilder().setName("extra")))
                .build();

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: filter_chains[0].filters: 2 filters "
                        + "(expected: only one envoy.filters.network.http_connection_manager or "
                        + "envoy.filters.network.tcp_proxy)");
    }

    @Test
    void rejectsAnInlineRouteConfig() {
        HttpConnectionManager inline = HttpConnectionManager.newBuilder()
                .setRouteConfig(RouteConfiguration.newBuilder().setName("inline"))
                .build();
        Listener listener = XdsResources.listener("outbound|9001", 9001, "r").toBuilder()
                .setFilterChains(0, FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName(ListenerTranslator.HCM_FILTER).setTypedConfig(Any.pack(inline))))
                .build();

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: http_connection_manager route_specifier ROUTE_CONFIG "
                        + "(expected: rds)");
    }

    @Test
    void rejectsAnEmptyRouteConfigName() {
        Listener listener = XdsResources.listener("outbound|9001", 9001, "");

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessage("listener outbound|9001: http_connection_manager rds.route_config_name '' "
                        + "(expected: a RouteConfiguration name)");
    }
}
