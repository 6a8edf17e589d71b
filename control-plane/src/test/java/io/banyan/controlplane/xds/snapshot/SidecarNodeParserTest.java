package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Struct;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.Upstream;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import org.junit.jupiter.api.Test;

import static io.banyan.controlplane.xds.snapshot.Fixtures.list;
import static io.banyan.controlplane.xds.snapshot.Fixtures.number;
import static io.banyan.controlplane.xds.snapshot.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

class SidecarNodeParserTest {

    private final SidecarNodeParser parser = new SidecarNodeParser();

    private SidecarNode parse(Struct.Builder metadata) {
        return parser.parse(Node.newBuilder().setId("n1").setCluster("web").setMetadata(metadata).build());
    }

    @Test
    void readsEveryBanyanKey() {
        SidecarNode node = parser.parse(Fixtures.webNode("n1"));

        assertThat(node.id()).isEqualTo("n1");
        assertThat(node.service()).isEqualTo("web");
        assertThat(node.zone()).isEqualTo("a");
        assertThat(node.upstreams()).containsExactly(new Upstream("orders", 9001), new Upstream("ghost", 9002));
        assertThat(node.outboundPort()).isEqualTo(15001);
        assertThat(node.inboundPort()).isEqualTo(15006);
        assertThat(node.appPort()).isEqualTo(8080);
        assertThat(node.banyan()).isTrue();
        assertThat(node.problems()).isEmpty();
    }

    @Test
    void plainNodeTakesTheDefaults() {
        SidecarNode node = parser.parse(Node.newBuilder().setId("envoy").setCluster("edge")
                .setLocality(Locality.newBuilder().setZone("z1")).build());

        assertThat(node.banyan()).isFalse();
        assertThat(node.service()).isEqualTo("edge");
        assertThat(node.zone()).isEqualTo("z1");
        assertThat(node.outboundAddress()).isEqualTo("127.0.0.1");
        assertThat(node.outboundPort()).isEqualTo(15001);
        assertThat(node.inboundPort()).isZero();
        assertThat(node.appPort()).isZero();
        assertThat(node.hasInbound()).isFalse();
        assertThat(node.upstreams()).isEmpty();
    }

    @Test
    void aGatewayNamesItselfAndABadNameIsReportedAndSkipped() {
        SidecarNode gateway = parse(Struct.newBuilder().putFields(NodeMetadata.GATEWAY, string("edge"))
                .putFields(NodeMetadata.SERVICE, string("edge")));
        SidecarNode notItsService = parse(Struct.newBuilder().putFields(NodeMetadata.GATEWAY, string("edge")));
        SidecarNode bad = parse(Struct.newBuilder().putFields(NodeMetadata.GATEWAY, string("Edge!")));

        assertThat(gateway.isGateway()).isTrue();
        assertThat(gateway.gateway()).isEqualTo("edge");
        assertThat(parser.parse(Fixtures.webNode("n1")).isGateway()).isFalse();
        assertThat(notItsService.isGateway()).as("a gateway's identity is svc/<name>").isFalse();
        assertThat(notItsService.problems()).singleElement().asString()
                .isEqualTo("BANYAN_GATEWAY: 'edge' (expected: the node's service 'web')");
        assertThat(bad.isGateway()).isFalse();
        assertThat(bad.problems()).singleElement().asString().startsWith("BANYAN_GATEWAY: 'Edge!' (expected: a DNS label");
    }

    @Test
    void appPortAloneImpliesTheDefaultInboundPort() {
        SidecarNode node = parse(Struct.newBuilder().putFields(NodeMetadata.APP_PORT, string("8080")));

        assertThat(node.appPort()).isEqualTo(8080);
        assertThat(node.inboundPort()).isEqualTo(15006);
        assertThat(node.inboundAddress()).isEqualTo("0.0.0.0");
        assertThat(node.hasInbound()).isTrue();
    }

    @Test
    void outOfRangePortIsReportedAndSkipped() {
        SidecarNode node = parse(Struct.newBuilder().putFields(NodeMetadata.OUTBOUND_PORT, number(70000)));

        assertThat(node.outboundPort()).isZero();
        assertThat(node.problems()).containsExactly("BANYAN_OUTBOUND_PORT: 70000 (expected: 0..65535)");
    }

    @Test
    void malformedUpstreamsAreReportedAndTheRestKept() {
        SidecarNode node = parse(Struct.newBuilder().putFields(NodeMetadata.UPSTREAMS,
                list("orders=9001", "orders", "Bad_Name=9003", "pay=abc", "dup=9001", "loop=15001", "ok=9004")));

        assertThat(node.upstreams()).containsExactly(new Upstream("orders", 9001), new Upstream("ok", 9004));
        assertThat(node.problems()).hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("'orders' orders given twice (expected: each service once)"))
                .anySatisfy(p -> assertThat(p).contains("'Bad_Name=9003'"))
                .anySatisfy(p -> assertThat(p).contains("'pay=abc'"))
                .anySatisfy(p -> assertThat(p).contains("'dup=9001' port 9001"))
                .anySatisfy(p -> assertThat(p).contains("'loop=15001' port 15001"));
    }

    @Test
    void upstreamsMayBeACommaSeparatedString() {
        SidecarNode node = parse(Struct.newBuilder().putFields(NodeMetadata.UPSTREAMS, string("a=9001, b=9002")));

        assertThat(node.upstreams()).containsExactly(new Upstream("a", 9001), new Upstream("b", 9002));
    }

    @Test
    void wrongTypesAndBadAddressesAreReported() {
        SidecarNode node = parse(Struct.newBuilder()
                .putFields(NodeMetadata.SERVICE, number(3))
                .putFields(NodeMetadata.INBOUND_ADDRESS, string("not an ip"))
                .putFields(NodeMetadata.APP_PORT, number(80.5)));

        assertThat(node.service()).isEqualTo("web");
        assertThat(node.inboundAddress()).isEqualTo("0.0.0.0");
        assertThat(node.appPort()).isZero();
        assertThat(node.problems()).containsExactlyInAnyOrder(
                "BANYAN_SERVICE: 3.0 (expected: a string)",
                "BANYAN_INBOUND_ADDRESS: 'not an ip' (expected: an IP address)",
                "BANYAN_APP_PORT: 80.5 (expected: 0..65535)");
    }
}
