package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.NodeMetadataCodec;
import io.banyan.api.xds.SidecarMetadata;
import io.banyan.dataplane.xds.ResourceDecoder;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

class GatewaySnapshotTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();

    private static Node gatewayNode(SidecarMetadata metadata) {
        return Node.newBuilder().setId("gateway~edge~h~1").setCluster(metadata.service())
                .setMetadata(NodeMetadataCodec.encode(metadata)).build();
    }

    @Test
    void aGatewayNodeIsParsedAsOne_aSidecarIsNot() {
        SidecarNode gateway = parser.parse(gatewayNode(SidecarMetadata.gateway("edge", "", "0.0.0.0", 8443)));
        SidecarNode sidecar = parser.parse(Fixtures.webNode("sidecar~web~h~1"));

        assertThat(gateway.isGateway()).isTrue();
        assertThat(gateway.gateway()).isEqualTo("edge");
        assertThat(gateway.service()).isEqualTo("edge");
        assertThat(gateway.hasInbound()).isFalse();
        assertThat(gateway.problems()).isEmpty();
        assertThat(sidecar.isGateway()).isFalse();
        assertThat(sidecar.gateway()).isNull();
    }

    @Test
    void aGatewayNamedOtherThanItsServiceIsAProblemAndNoGateway() {
        Node node = gatewayNode(SidecarMetadata.gateway("edge", "", "0.0.0.0", 8443));
        Struct metadata = node.getMetadata().toBuilder().putFields(NodeMetadata.SERVICE, string("web")).build();

        SidecarNode parsed = parser.parse(node.toBuilder().setMetadata(metadata).build());

        assertThat(parsed.isGateway()).isFalse();
        assertThat(parsed.problems()).singleElement().asString()
                .isEqualTo(NodeMetadata.GATEWAY + ": 'edge' (expected: the node's service 'web')");
    }

    @Test
    void aGatewayGetsOneListenerWhereItListens_itsEmptyRouteTable_andEveryServicesCluster() throws Exception {
        Snapshot snapshot = builder.build(
                parser.parse(gatewayNode(SidecarMetadata.gateway("edge", "", "0.0.0.0", 8443))), registry(1, true));

        Consistency.check(snapshot);
        assertThat(snapshot.listeners().resources()).containsOnlyKeys("outbound|8443");
        Listener listener = snapshot.listeners().resources().get("outbound|8443");
        assertThat(listener.getAddress().getSocketAddress().getAddress()).isEqualTo("0.0.0.0");
        assertThat(listener.getAddress().getSocketAddress().getPortValue()).isEqualTo(8443);
        assertThat(listener.getTrafficDirection()).isEqualTo(TrafficDirection.OUTBOUND);
        assertThat(ListenerBuilder.routeConfigName(listener)).contains("gateway|edge");

        assertThat(snapshot.routes().resources()).containsOnlyKeys("gateway|edge");
        RouteConfiguration routes = snapshot.routes().resources().get("gateway|edge");
        assertThat(routes.getVirtualHostsList()).singleElement().satisfies(host -> {
            assertThat(host.getDomainsList()).containsExactly("*");
            assertThat(host.getRoutesList()).isEmpty();
        });
        assertThat(snapshot.clusters().resources()).containsOnlyKeys("orders", "payments", "idle");
    }

    @Test
    void whatAGatewayIsSentTheSidecarsTranslatorsAccept() {
        Snapshot snapshot = builder.build(
                parser.parse(gatewayNode(SidecarMetadata.gateway("edge", "", "0.0.0.0", 8443))), registry(1, true));
        ResourceDecoder decoder = new ResourceDecoder();

        assertThat(decoder.listeners(packed(snapshot.listeners().resources().values())).errors()).isEmpty();
        assertThat(decoder.routes(packed(snapshot.routes().resources().values())).errors()).isEmpty();
        assertThat(decoder.clusters(packed(snapshot.clusters().resources().values())).errors()).isEmpty();
    }

    private static List<Any> packed(Collection<? extends Message> resources) {
        return resources.stream().map(Any::pack).toList();
    }
}
