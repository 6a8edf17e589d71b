package io.banyan.api.xds;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeMetadataCodecTest {

    private static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    @Test
    void whatASidecarWritesIsReadBackUnchanged() {
        SidecarMetadata written = SidecarMetadata.of("orders", "zone-a",
                List.of(new Upstream("payments", 40101), new Upstream("users", 40102)), 40001, 40006, 8080, "grpc");

        SidecarMetadata read = NodeMetadataCodec.decode(NodeMetadataCodec.encode(written));

        assertThat(read).isEqualTo(written);
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void allUpstreamsTravelsAsTheEntryStar_besideExplicitPorts() {
        SidecarMetadata written = SidecarMetadata.of("web", "", List.of(new Upstream("orders", 40101)), true,
                15001, 0, 0, "http");

        Struct struct = NodeMetadataCodec.encode(written);
        SidecarMetadata read = NodeMetadataCodec.decode(struct);

        assertThat(struct.getFieldsMap().get(NodeMetadata.UPSTREAMS).getListValue().getValuesList())
                .extracting(Value::getStringValue).containsExactly("orders=40101", Upstream.ALL);
        assertThat(read).isEqualTo(written);
        assertThat(read.allUpstreams()).isTrue();
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void aServiceDeclaredWithoutAPortTravelsAsItsNameAlone_andTakesNoPort() {
        SidecarMetadata written = SidecarMetadata.of("web", "", List.of(new Upstream("orders", 40101),
                new Upstream("billing", 0), new Upstream("users", 0)), false, 40001, 0, 0, "http");
        Struct encoded = NodeMetadataCodec.encode(written);

        assertThat(encoded.getFieldsOrThrow(NodeMetadata.UPSTREAMS).getListValue().getValuesList())
                .extracting(Value::getStringValue).containsExactly("orders=40101", "billing", "users");
        SidecarMetadata read = NodeMetadataCodec.decode(encoded);
        assertThat(read.upstreams()).containsExactly(new Upstream("orders", 40101), new Upstream("billing", 0),
                new Upstream("users", 0));
        assertThat(read.problems()).isEmpty();
        assertThat(read.upstreams().get(1).hasPort()).isFalse();
    }

    @Test
    void moreUpstreamsThanTheBoundAreAProblem_andOnlyTheFirstAreKept() {
        com.google.protobuf.ListValue.Builder many = com.google.protobuf.ListValue.newBuilder();
        for (int i = 0; i < NodeMetadata.MAX_UPSTREAMS + 5; i++) {
            many.addValues(Value.newBuilder().setStringValue("svc-" + i));
        }
        SidecarMetadata read = NodeMetadataCodec.decode(Struct.newBuilder()
                .putFields(NodeMetadata.UPSTREAMS, Value.newBuilder().setListValue(many).build()).build());

        assertThat(read.upstreams()).hasSize(NodeMetadata.MAX_UPSTREAMS);
        assertThat(read.problems()).containsExactly(NodeMetadata.UPSTREAMS + ": 1005 entries (expected: at most 1000;"
                + " the rest skipped)");
    }

    @Test
    void anUpstreamEntryWithPortZeroIsAProblemNamingTheFormWithoutAPort() {
        assertThatThrownBy(() -> Upstream.parse("orders=0")).hasMessageContaining("<service> alone for none");
        assertThatThrownBy(() -> Upstream.parse("Not_A_Name")).hasMessageContaining("<service>=<port> or <service>");
    }

    @Test
    void aSidecarThatDeclaresNoStar_isScopedToItsUpstreams() {
        SidecarMetadata read = NodeMetadataCodec.decode(Struct.newBuilder()
                .putFields(NodeMetadata.UPSTREAMS, string("orders=40101, *")).build());
        SidecarMetadata scoped = NodeMetadataCodec.decode(NodeMetadataCodec.encode(
                SidecarMetadata.of("web", "", List.of(), 15001, 0, 0, "http")));

        assertThat(read.allUpstreams()).isTrue();
        assertThat(read.upstreams()).containsExactly(new Upstream("orders", 40101));
        assertThat(scoped.allUpstreams()).isFalse();
    }

    @Test
    void aClientOnlySidecarWritesNoInboundSide_andReadsBackWithoutOne() {
        Struct struct = NodeMetadataCodec.encode(SidecarMetadata.of("web", "", List.of(), 15001, 15006, 0, "http"));

        assertThat(struct.getFieldsMap()).doesNotContainKeys(NodeMetadata.INBOUND_PORT, NodeMetadata.APP_PORT,
                NodeMetadata.APP_PROTOCOL);
        SidecarMetadata read = NodeMetadataCodec.decode(struct);
        assertThat(read.inboundPort()).isZero();
        assertThat(read.appPort()).isZero();
    }

    @Test
    void aGatewayWritesItsNameAndListenAddress_andReadsBackUnchanged() {
        SidecarMetadata written = SidecarMetadata.gateway("edge", "zone-a", "0.0.0.0", 8443);

        Struct struct = NodeMetadataCodec.encode(written);
        SidecarMetadata read = NodeMetadataCodec.decode(struct);

        assertThat(struct.getFieldsMap().get(NodeMetadata.GATEWAY).getStringValue()).isEqualTo("edge");
        assertThat(struct.getFieldsMap()).doesNotContainKeys(NodeMetadata.INBOUND_PORT, NodeMetadata.APP_PORT);
        assertThat(read).isEqualTo(written);
        assertThat(read.isGateway()).isTrue();
        assertThat(read.service()).isEqualTo("edge");
        assertThat(read.outboundAddress()).isEqualTo("0.0.0.0");
        assertThat(read.outboundPort()).isEqualTo(8443);
    }

    @Test
    void aSidecarIsNoGateway() {
        SidecarMetadata read = NodeMetadataCodec.decode(NodeMetadataCodec.encode(
                SidecarMetadata.of("web", "", List.of(), 15001, 15006, 8080, "http")));

        assertThat(read.isGateway()).isFalse();
        assertThat(read.gateway()).isEmpty();
    }

    @Test
    void aBadGatewayName_orAGatewayWithAnApp_isAProblemAndSkipped() {
        SidecarMetadata badName = NodeMetadataCodec.decode(Struct.newBuilder()
                .putFields(NodeMetadata.GATEWAY, string("Edge!")).build());
        SidecarMetadata withApp = NodeMetadataCodec.decode(Struct.newBuilder()
                .putFields(NodeMetadata.GATEWAY, string("edge"))
                .putFields(NodeMetadata.APP_PORT, number(8080)).build());

        assertThat(badName.isGateway()).isFalse();
        assertThat(badName.problems()).singleElement().asString().startsWith(NodeMetadata.GATEWAY + ": 'Edge!'");
        assertThat(withApp.isGateway()).isTrue();
        assertThat(withApp.appPort()).isZero();
        assertThat(withApp.inboundPort()).isZero();
        assertThat(withApp.problems()).singleElement().asString().contains("expected: a gateway has neither");
    }

    @Test
    void aNodeWithoutBanyanMetadataGetsTheDefaults() {
        SidecarMetadata read = NodeMetadataCodec.decode(Struct.getDefaultInstance());

        assertThat(read.banyan()).isFalse();
        assertThat(read.service()).isEmpty();
        assertThat(read.outboundPort()).isEqualTo(NodeMetadata.DEFAULT_OUTBOUND_PORT);
        assertThat(read.outboundAddress()).isEqualTo(NodeMetadata.DEFAULT_OUTBOUND_ADDRESS);
        assertThat(read.inboundAddress()).isEqualTo(NodeMetadata.DEFAULT_INBOUND_ADDRESS);
        assertThat(read.inboundPort()).isZero();
        assertThat(read.appProtocol()).isEqualTo(NodeMetadata.DEFAULT_APP_PROTOCOL);
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void anAppWithoutAnInboundPortGetsTheDefaultOne() {
        SidecarMetadata read = NodeMetadataCodec.decode(Struct.newBuilder()
                .putFields(NodeMetadata.APP_PORT, number(8080)).build());

        assertThat(read.banyan()).isTrue();
        assertThat(read.inboundPort()).isEqualTo(NodeMetadata.DEFAULT_INBOUND_PORT);
    }

    @Test
    void badValuesAreSkippedAndNamed_neverThrown() {
        SidecarMetadata read = NodeMetadataCodec.decode(Struct.newBuilder()
                .putFields(NodeMetadata.SERVICE, number(3))
                .putFields(NodeMetadata.INBOUND_ADDRESS, string("not an ip"))
                .putFields(NodeMetadata.APP_PORT, number(80.5))
                .putFields(NodeMetadata.UPSTREAMS, string("orders=9001,Bad=9002,dup=9001"))
                .build());

        assertThat(read.service()).isEmpty();
        assertThat(read.inboundAddress()).isEqualTo(NodeMetadata.DEFAULT_INBOUND_ADDRESS);
        assertThat(read.appPort()).isZero();
        assertThat(read.upstreams()).containsExactly(new Upstream("orders", 9001));
        assertThat(read.problems()).containsExactly(
                "BANYAN_SERVICE: 3.0 (expected: a string)",
                "BANYAN_APP_PORT: 80.5 (expected: 0..65535)",
                "BANYAN_INBOUND_ADDRESS: 'not an ip' (expected: an IP address)",
                "BANYAN_UPSTREAMS: 'Bad=9002' service: 'Bad' (expected: a DNS label: 1..63 lower-case letters, digits"
                        + " or '-', not starting or ending with '-')",
                "BANYAN_UPSTREAMS: 'dup=9001' port 9001 (expected: a port no other listener of this node uses)");
    }
}
