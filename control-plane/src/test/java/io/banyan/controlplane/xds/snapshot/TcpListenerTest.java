package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Protocol;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.instance;
import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNodeWithApp;
import static org.assertj.core.api.Assertions.assertThat;

/** Listeners of tcp services and tcp apps: one tcp_proxy filter to the cluster, no HCM. */
class TcpListenerTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();

    /** The fixture registry with orders speaking tcp. */
    private static RegistrySnapshot ordersSpeakTcp() {
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(registry(1, true).services());
        services.put("orders", List.of(
                instance("o1", "orders", "10.0.0.1", 7000, "a", 1, Protocol.TCP, true),
                instance("o2", "orders", "10.0.0.2", 7000, "b", 1, Protocol.TCP, true)));
        return new RegistrySnapshot(2, services);
    }

    private Map<String, Listener> listeners(Node node, RegistrySnapshot registry) {
        return builder.build(parser.parse(node), registry).listeners().resources();
    }

    private static TcpProxy tcpProxy(Listener listener) throws Exception {
        assertThat(listener.getFilterChainsCount()).isEqualTo(1);
        List<Filter> filters = listener.getFilterChains(0).getFiltersList();
        assertThat(filters).hasSize(1);
        assertThat(filters.get(0).getName()).isEqualTo(ListenerBuilder.TCP_PROXY);
        return filters.get(0).getTypedConfig().unpack(TcpProxy.class);
    }

    @Test
    void anUpstreamPortOfATcpServiceGetsATcpProxyToTheServiceCluster() throws Exception {
        Map<String, Listener> listeners = listeners(webNode("sidecar~web~h~1"), ordersSpeakTcp());

        Listener upstream = listeners.get("outbound|9001");
        TcpProxy proxy = tcpProxy(upstream);
        assertThat(proxy.getCluster()).isEqualTo("orders");
        assertThat(proxy.getStatPrefix()).isEqualTo("outbound_9001");
        assertThat(upstream.getTrafficDirection()).isEqualTo(TrafficDirection.OUTBOUND);
        assertThat(upstream.getAddress().getSocketAddress().getAddress()).isEqualTo("127.0.0.1");
        assertThat(upstream.getAddress().getSocketAddress().getPortValue()).isEqualTo(9001);
    }

    @Test
    void theSharedOutboundPortAndHttpUpstreamsStayHttp() {
        Map<String, Listener> listeners = listeners(webNode("sidecar~web~h~1"), ordersSpeakTcp());

        assertThat(listeners.get("outbound|15001").getFilterChains(0).getFilters(0).getName())
                .isEqualTo(ListenerBuilder.HTTP_CONNECTION_MANAGER);
        assertThat(listeners.get("outbound|9002").getFilterChains(0).getFilters(0).getName())
                .isEqualTo(ListenerBuilder.HTTP_CONNECTION_MANAGER);
        assertThat(listeners.get("inbound|15006").getFilterChains(0).getFilters(0).getName())
                .isEqualTo(ListenerBuilder.HTTP_CONNECTION_MANAGER);
    }

    @Test
    void anHttpServiceKeepsItsHttpUpstreamListener() {
        Map<String, Listener> listeners = listeners(webNode("sidecar~web~h~1"), registry(1, true));

        assertThat(listeners.get("outbound|9001").getFilterChains(0).getFilters(0).getName())
                .isEqualTo(ListenerBuilder.HTTP_CONNECTION_MANAGER);
    }

    @Test
    void aTcpAppGetsAnInboundTcpProxyToTheLocalAppCluster() throws Exception {
        Map<String, Listener> listeners = listeners(webNodeWithApp("tcp"), registry(1, true));

        Listener inbound = listeners.get("inbound|15006");
        TcpProxy proxy = tcpProxy(inbound);
        assertThat(proxy.getCluster()).isEqualTo("inbound|8080");
        assertThat(proxy.getStatPrefix()).isEqualTo("inbound_15006");
        assertThat(inbound.getTrafficDirection()).isEqualTo(TrafficDirection.INBOUND);
    }

    @Test
    void anUnknownAppProtocolIsAProblemAndTheAppStaysHttp() {
        SidecarNode node = parser.parse(webNodeWithApp("smtp"));

        assertThat(node.appProtocol()).isEqualTo(Protocol.HTTP);
        assertThat(node.problems()).singleElement().asString().startsWith(NodeMetadata.APP_PROTOCOL + ": ")
                .contains("'smtp'");
    }

    @Test
    void theAppProtocolIsParsed() {
        assertThat(parser.parse(webNodeWithApp("tcp")).appProtocol()).isEqualTo(Protocol.TCP);
        assertThat(parser.parse(webNode("sidecar~web~h~1")).appProtocol()).isEqualTo(Protocol.HTTP);
    }

    @Test
    void snapshotWithTcpListenersIsConsistent() throws Exception {
        Consistency.check(builder.build(parser.parse(webNodeWithApp("tcp")), ordersSpeakTcp()));
    }

    @Test
    void theLocalClusterOfAGrpcOrHttp2AppSpeaksHttp2AndOfAnHttpAppHttp1() throws Exception {
        for (String protocol : List.of("grpc", "http2", "http")) {
            var clusters = builder.build(parser.parse(webNodeWithApp(protocol)), registry(1, true)).clusters().resources();
            var local = clusters.get(io.banyan.api.xds.ResourceNames.inboundCluster(8080));
            var options = local.getTypedExtensionProtocolOptionsMap().get(ClusterBuilder.HTTP_PROTOCOL_OPTIONS);
            boolean http2 = options != null && options.unpack(
                    io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.class)
                    .getExplicitHttpConfig().hasHttp2ProtocolOptions();
            assertThat(http2).as(protocol).isEqualTo(!protocol.equals("http"));
        }
    }
}
