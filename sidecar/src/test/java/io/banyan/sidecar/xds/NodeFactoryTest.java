package io.banyan.sidecar.xds;

import com.google.protobuf.Struct;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.Upstream;
import io.banyan.dataplane.config.InstanceSettings;
import io.banyan.sidecar.SidecarSettings;
import io.envoyproxy.envoy.config.core.v3.Node;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class NodeFactoryTest {

    private static InstanceSettings settings(int appPort) {
        return SidecarSettings.builder("orders", "127.0.0.1:15010", Path.of("/tmp/banyan"))
                .appPort(appPort).appHealthPath("/health").upstreams(Map.of("payments", 9001, "users", 9002))
                .advertiseHost("10.1.2.3").zone("zone-a").version("v1")
                .build().instance();
    }

    @Test
    void describesTheSidecarWithEveryMetadataKey() {
        Node node = new NodeFactory(settings(8080), new SplittableRandom(1)).create(40006, 40001,
                Map.of("users", 40102, "payments", 40101));

        assertThat(node.getId()).matches("sidecar~orders~10\\.1\\.2\\.3~[0-9a-f]{8}");
        assertThat(node.getCluster()).isEqualTo("orders");
        assertThat(node.getLocality().getZone()).isEqualTo("zone-a");
        assertThat(node.getUserAgentName()).isEqualTo("banyan");
        Struct metadata = node.getMetadata();
        assertThat(metadata.getFieldsOrThrow(NodeMetadata.SERVICE).getStringValue()).isEqualTo("orders");
        assertThat(metadata.getFieldsOrThrow(NodeMetadata.UPSTREAMS).getListValue().getValuesList())
                .extracting(value -> value.getStringValue()).containsExactly("payments=40101", "users=40102");
        assertThat(metadata.getFieldsOrThrow(NodeMetadata.OUTBOUND_PORT).getNumberValue()).isEqualTo(40001);
        assertThat(metadata.getFieldsOrThrow(NodeMetadata.INBOUND_PORT).getNumberValue()).isEqualTo(40006);
        assertThat(metadata.getFieldsOrThrow(NodeMetadata.APP_PORT).getNumberValue()).isEqualTo(8080);
        assertThat(metadata.getFieldsOrThrow(NodeMetadata.OUTBOUND_ADDRESS).getStringValue()).isEqualTo("127.0.0.1");
        assertThat(metadata.getFieldsOrThrow(NodeMetadata.INBOUND_ADDRESS).getStringValue()).isEqualTo("0.0.0.0");
        assertThat(metadata.getFieldsOrThrow(NodeMetadata.ZONE).getStringValue()).isEqualTo("zone-a");
    }

    @Test
    void aClientOnlySidecarSendsNoInboundOrAppPort() {
        Node node = new NodeFactory(settings(0)).create(0, 15001, Map.of());

        assertThat(node.getMetadata().getFieldsMap())
                .doesNotContainKeys(NodeMetadata.INBOUND_PORT, NodeMetadata.APP_PORT)
                .containsKey(NodeMetadata.OUTBOUND_PORT);
    }

    @Test
    void aSidecarOfEveryServiceSendsTheEntryStarAfterItsPorts() {
        Node node = new NodeFactory(settings(0)).create(0, 15001, Map.of("payments", 40101), true);

        assertThat(node.getMetadata().getFieldsOrThrow(NodeMetadata.UPSTREAMS).getListValue().getValuesList())
                .extracting(value -> value.getStringValue()).containsExactly("payments=40101", Upstream.ALL);
    }

    @Test
    void eachNodeGetsItsOwnId() {
        NodeFactory factory = new NodeFactory(settings(8080));

        assertThat(factory.create(1, 2, Map.of()).getId()).isNotEqualTo(factory.create(1, 2, Map.of()).getId());
    }
}
