package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.EndpointMetadata;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

class SnapshotBuilderTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();

    private Snapshot webSnapshot(RegistrySnapshot registry) {
        return builder.build(parser.parse(webNode("sidecar~web~h~1")), registry);
    }

    @Test
    void snapshotIsConsistent() throws Exception {
        Snapshot snapshot = webSnapshot(registry(1, true));

        Consistency.check(snapshot);
    }

    @Test
    void oneEdsClusterPerServiceIncludingUnknownUpstreamsPlusTheStaticAppCluster() {
        Map<String, Cluster> clusters = webSnapshot(registry(1, true)).clusters().resources();

        assertThat(clusters).containsOnlyKeys("orders", "payments", "idle", "ghost", "inbound|8080");
        Cluster orders = clusters.get("orders");
        assertThat(orders.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
        assertThat(orders.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
        assertThat(orders.getEdsClusterConfig().getEdsConfig().getResourceApiVersion()).isEqualTo(ApiVersion.V3);
        assertThat(orders.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
        assertThat(orders.getConnectTimeout().getSeconds()).isEqualTo(5);
        assertThat(orders.getTypedExtensionProtocolOptionsMap()).isEmpty();

        Cluster app = clusters.get("inbound|8080");
        assertThat(app.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
        assertThat(app.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
                .getSocketAddress()).satisfies(address -> {
                    assertThat(address.getAddress()).isEqualTo("127.0.0.1");
                    assertThat(address.getPortValue()).isEqualTo(8080);
                });
    }

    @Test
    void grpcServicesGetExplicitHttp2() throws Exception {
        Cluster payments = webSnapshot(registry(1, true)).clusters().resources().get("payments");

        HttpProtocolOptions options = payments.getTypedExtensionProtocolOptionsOrThrow(
                "envoy.extensions.upstreams.http.v3.HttpProtocolOptions").unpack(HttpProtocolOptions.class);
        assertThat(options.getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();
    }

    @Test
    void onlyHealthyEndpointsGroupedByZoneWithWeightsAndMetadata() {
        ClusterLoadAssignment orders = webSnapshot(registry(1, true)).endpoints().resources().get("orders");

        Map<String, List<LbEndpoint>> byZone = orders.getEndpointsList().stream()
                .collect(Collectors.toMap(l -> l.getLocality().getZone(), LocalityLbEndpoints::getLbEndpointsList));
        assertThat(byZone).containsOnlyKeys("a", "b");
        assertThat(byZone.get("a")).hasSize(1);
        LbEndpoint o1 = byZone.get("a").get(0);
        assertThat(o1.getEndpoint().getAddress().getSocketAddress().getAddress()).isEqualTo("10.0.0.1");
        assertThat(o1.getEndpoint().getAddress().getSocketAddress().getPortValue()).isEqualTo(8080);
        assertThat(o1.getLoadBalancingWeight().getValue()).isEqualTo(3);
        assertThat(o1.getHealthStatus()).isEqualTo(HealthStatus.HEALTHY);
        var metadata = o1.getMetadata().getFilterMetadataOrThrow(EndpointMetadata.FILTER).getFieldsMap();
        assertThat(metadata.get(EndpointMetadata.INSTANCE_ID).getStringValue()).isEqualTo("o1");
        assertThat(metadata.get(EndpointMetadata.MESH).getBoolValue()).isTrue();
        assertThat(metadata.get(EndpointMetadata.VERSION).getStringValue()).isEqualTo("v1");
        assertThat(metadata.get(EndpointMetadata.PROTOCOL).getStringValue()).isEqualTo("http");
        assertThat(byZone.get("b").get(0).getLoadBalancingWeight().getValue()).isEqualTo(1);
    }

    @Test
    void unknownUpstreamServiceGetsAnEmptyAssignment() {
        Map<String, ClusterLoadAssignment> endpoints = webSnapshot(registry(1, true)).endpoints().resources();

        assertThat(endpoints.get("ghost").getEndpointsCount()).isZero();
        assertThat(endpoints.get("idle").getEndpointsCount()).isZero();
    }

    @Test
    void listenersForOutboundUpstreamsAndInbound() throws Exception {
        Map<String, Listener> listeners = webSnapshot(registry(1, true)).listeners().resources();

        assertThat(listeners).containsOnlyKeys("outbound|15001", "outbound|9001", "outbound|9002", "inbound|15006");
        assertListener(listeners.get("outbound|15001"), "127.0.0.1", 15001, TrafficDirection.OUTBOUND,
                ResourceNames.OUTBOUND_ROUTES);
        assertListener(listeners.get("outbound|9001"), "127.0.0.1", 9001, TrafficDirection.OUTBOUND, "upstream|orders");
        assertListener(listeners.get("outbound|9002"), "127.0.0.1", 9002, TrafficDirection.OUTBOUND, "upstream|ghost");
        assertListener(listeners.get("inbound|15006"), "0.0.0.0", 15006, TrafficDirection.INBOUND,
                ResourceNames.INBOUND_ROUTES);
    }

    private static void assertListener(Listener listener, String host, int port, TrafficDirection direction,
                                       String routes) throws Exception {
        assertThat(listener.getAddress().getSocketAddress().getAddress()).isEqualTo(host);
        assertThat(listener.getAddress().getSocketAddress().getPortValue()).isEqualTo(port);
        assertThat(listener.getTrafficDirection()).isEqualTo(direction);
        HttpConnectionManager manager = hcm(listener);
        assertThat(manager.getCodecType()).isEqualTo(HttpConnectionManager.CodecType.AUTO);
        assertThat(manager.getStatPrefix()).isNotEmpty();
        assertThat(manager.getRds().getRouteConfigName()).isEqualTo(routes);
        assertThat(manager.getRds().getConfigSource().hasAds()).isTrue();
        assertThat(manager.getHttpFiltersList()).extracting(filter -> filter.getName())
                .containsExactly("envoy.filters.http.local_ratelimit", "envoy.filters.http.router");
        assertThat(manager.getHttpFilters(1).getTypedConfig().is(Router.class)).isTrue();
    }

    private static HttpConnectionManager hcm(Listener listener) throws Exception {
        var filter = listener.getFilterChains(0).getFilters(0);
        assertThat(filter.getName()).isEqualTo("envoy.filters.network.http_connection_manager");
        return filter.getTypedConfig().unpack(HttpConnectionManager.class);
    }

    @Test
    void routesByHostPerServiceAndCatchAllForUpstreamsAndInbound() {
        Map<String, RouteConfiguration> routes = webSnapshot(registry(1, true)).routes().resources();

        assertThat(routes).containsOnlyKeys("outbound", "upstream|orders", "upstream|ghost", "inbound");
        VirtualHost orders = routes.get("outbound").getVirtualHostsList().stream()
                .filter(host -> host.getName().equals("orders")).findFirst().orElseThrow();
        assertThat(orders.getDomainsList()).containsExactly("orders", "orders:*");
        Route route = orders.getRoutes(0);
        assertThat(route.getMatch().getPrefix()).isEqualTo("/");
        assertThat(route.getRoute().getCluster()).isEqualTo("orders");
        assertThat(route.getRoute().getTimeout().getSeconds()).isEqualTo(15);
        assertThat(routes.get("outbound").getVirtualHostsList()).extracting(VirtualHost::getName)
                .containsExactlyInAnyOrder("orders", "payments", "idle", "ghost");

        VirtualHost upstream = routes.get("upstream|orders").getVirtualHosts(0);
        assertThat(upstream.getDomainsList()).containsExactly("*");
        assertThat(upstream.getRoutes(0).getRoute().getCluster()).isEqualTo("orders");
        assertThat(routes.get("inbound").getVirtualHosts(0).getRoutes(0).getRoute().getCluster())
                .isEqualTo("inbound|8080");
    }

    @Test
    void everyReferenceResolves() throws Exception {
        Snapshot snapshot = webSnapshot(registry(1, true));
        Set<String> clusters = snapshot.clusters().resources().keySet();

        for (Listener listener : snapshot.listeners().resources().values()) {
            assertThat(snapshot.routes().resources()).containsKey(hcm(listener).getRds().getRouteConfigName());
        }
        for (RouteConfiguration routes : snapshot.routes().resources().values()) {
            for (VirtualHost host : routes.getVirtualHostsList()) {
                host.getRoutesList().forEach(r -> assertThat(clusters).contains(r.getRoute().getCluster()));
            }
        }
        for (Cluster cluster : snapshot.clusters().resources().values()) {
            if (cluster.getType() == Cluster.DiscoveryType.EDS) {
                assertThat(snapshot.endpoints().resources()).containsKey(cluster.getName());
            }
        }
        Set<String> domains = new HashSet<>();
        snapshot.routes().resources().get("outbound").getVirtualHostsList()
                .forEach(host -> host.getDomainsList().forEach(domain -> assertThat(domains.add(domain)).isTrue()));
    }

    @Test
    void versionsChangeIffContentChanges() {
        Snapshot first = webSnapshot(registry(1, true));
        Snapshot same = webSnapshot(registry(2, true));
        Snapshot flipped = webSnapshot(registry(3, false));

        assertThat(same.clusters().version()).isEqualTo(first.clusters().version());
        assertThat(same.endpoints().version()).isEqualTo(first.endpoints().version());
        assertThat(same.listeners().version()).isEqualTo(first.listeners().version());
        assertThat(same.routes().version()).isEqualTo(first.routes().version());

        assertThat(flipped.endpoints().version()).isNotEqualTo(first.endpoints().version());
        assertThat(flipped.clusters().version()).isEqualTo(first.clusters().version());
        assertThat(flipped.listeners().version()).isEqualTo(first.listeners().version());
        assertThat(flipped.routes().version()).isEqualTo(first.routes().version());
    }

    @Test
    void versionsDifferBetweenNodesWithDifferentListeners() {
        Snapshot web = webSnapshot(registry(1, true));
        Snapshot plain = builder.build(SidecarNode.plain("envoy-1"), registry(1, true));

        assertThat(plain.listeners().version()).isNotEqualTo(web.listeners().version());
        assertThat(plain.endpoints().version()).isNotEqualTo(web.endpoints().version());
    }

    @Test
    void plainNodeGetsEveryServiceAndTheSharedOutboundListenerOnly() throws Exception {
        Snapshot plain = builder.build(SidecarNode.plain("envoy-1"), registry(1, true));

        Consistency.check(plain);
        assertThat(plain.clusters().resources()).containsOnlyKeys("orders", "payments", "idle");
        assertThat(plain.endpoints().resources()).containsOnlyKeys("orders", "payments", "idle");
        assertThat(plain.listeners().resources()).containsOnlyKeys("outbound|15001");
        assertThat(plain.routes().resources()).containsOnlyKeys("outbound");
    }

    @Test
    void badNodeMetadataIsSkippedNotFatal() throws Exception {
        var node = webNode("n").toBuilder();
        node.getMetadataBuilder()
                .putFields("BANYAN_UPSTREAMS", Fixtures.list("orders=9001", "Not_A_Name", "x=70000"))
                .putFields("BANYAN_APP_PORT", Fixtures.number(70000));
        SidecarNode sidecar = parser.parse(node.build());
        Snapshot snapshot = builder.build(sidecar, registry(1, true));

        assertThat(sidecar.problems()).hasSize(3);
        Consistency.check(snapshot);
        assertThat(snapshot.listeners().resources()).containsOnlyKeys("outbound|15001", "outbound|9001");
        assertThat(snapshot.clusters().resources()).doesNotContainKey("inbound|70000");
    }
}
