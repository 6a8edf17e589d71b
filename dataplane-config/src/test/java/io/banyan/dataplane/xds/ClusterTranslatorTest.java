package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterTranslatorTest {

    private final ClusterTranslator translator = new ClusterTranslator();

    @Test
    void translatesAnEdsCluster() throws Exception {
        ClusterConfig config = translator.translate(XdsResources.edsCluster("orders"));

        assertThat(config).isEqualTo(new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                java.time.Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null));
    }

    @Test
    void translatesAStaticClusterWithItsEndpoints() throws Exception {
        Cluster cluster = Cluster.newBuilder().setName("inbound|8080").setType(Cluster.DiscoveryType.STATIC)
                .setLoadAssignment(XdsResources.endpoints("ignored", "", 8080))
                .build();

        ClusterConfig config = translator.translate(cluster);

        assertThat(config.discovery()).isEqualTo(ClusterConfig.Discovery.STATIC);
        assertThat(config.connectTimeout()).isEqualTo(ClusterConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.staticEndpoints().clusterName()).isEqualTo("inbound|8080");
        assertThat(config.staticEndpoints().endpoints()).singleElement()
                .satisfies(endpoint -> assertThat(endpoint.authority()).isEqualTo("127.0.0.1:8080"));
    }

    @Test
    void readsHttp2FromProtocolOptions() throws Exception {
        HttpProtocolOptions options = HttpProtocolOptions.newBuilder()
                .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                        .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
                .build();
        Cluster cluster = XdsResources.edsCluster("orders").toBuilder()
                .putTypedExtensionProtocolOptions(ClusterTranslator.HTTP_PROTOCOL_OPTIONS, Any.pack(options))
                .build();

        assertThat(translator.translate(cluster).protocol()).isEqualTo(UpstreamProtocol.HTTP2);
    }

    @Test
    void readsTheBanyanProtocolMetadata() throws Exception {
        Cluster cluster = withProtocol("grpc");

        assertThat(translator.translate(cluster).protocol()).isEqualTo(UpstreamProtocol.GRPC);
    }

    @Test
    void rejectsClusterProvidedBalancing() {
        Cluster cluster = XdsResources.edsCluster("orders").toBuilder()
                .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED).build();

        assertThatThrownBy(() -> translator.translate(cluster))
                .hasMessage("cluster orders: lb_policy CLUSTER_PROVIDED"
                        + " (expected: ROUND_ROBIN, RANDOM, LEAST_REQUEST, RING_HASH or MAGLEV)");
    }

    @Test
    void rejectsDnsDiscovery() {
        Cluster cluster = XdsResources.edsCluster("orders").toBuilder().setType(Cluster.DiscoveryType.STRICT_DNS).build();

        assertThatThrownBy(() -> translator.translate(cluster))
                .hasMessage("cluster orders: type STRICT_DNS (expected: EDS or STATIC)");
    }

    @Test
    void rejectsAStaticClusterWithoutEndpoints() {
        Cluster cluster = Cluster.newBuilder().setName("inbound|8080").setType(Cluster.DiscoveryType.STATIC).build();

        assertThatThrownBy(() -> translator.translate(cluster))
                .hasMessage("cluster inbound|8080: load_assignment: absent (expected: endpoints of a STATIC cluster)");
    }

    @Test
    void rejectsAZeroConnectTimeout() {
        Cluster cluster = XdsResources.edsCluster("orders").toBuilder().setConnectTimeout(Duration.newBuilder()).build();

        assertThatThrownBy(() -> translator.translate(cluster))
                .hasMessage("cluster orders: connect_timeout PT0S (expected: > 0)");
    }

    @Test
    void rejectsAForeignEdsServiceName() {
        Cluster cluster = XdsResources.edsCluster("orders").toBuilder()
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setServiceName("payments"))
                .build();

        assertThatThrownBy(() -> translator.translate(cluster))
                .hasMessage("cluster orders: eds_cluster_config.service_name 'payments' "
                        + "(expected: empty or the cluster name)");
    }

    @Test
    void rejectsAnUnknownProtocol() {
        assertThatThrownBy(() -> translator.translate(withProtocol("smtp")))
                .hasMessage("cluster orders: metadata.banyan.protocol 'smtp' (expected: http, http2, grpc or tcp)");
    }

    @Test
    void aClusterIsItsOwnServiceUnlessItsMetadataNamesTheService() throws Exception {
        assertThat(translator.translate(XdsResources.edsCluster("orders")).peerService()).isEqualTo("orders");

        ClusterConfig side = translator.translate(withBanyan("migration|orders-move|to", "service", "orders-next"));

        assertThat(side.name()).isEqualTo("migration|orders-move|to");
        assertThat(side.peerService()).isEqualTo("orders-next");
    }

    @Test
    void rejectsAServiceThatIsNoServiceName() {
        assertThatThrownBy(() -> translator.translate(withBanyan("migration|m|to", "service", "Orders Next")))
                .hasMessageStartingWith("cluster migration|m|to: metadata.banyan.service: 'Orders Next' (expected: a DNS label");
    }

    private static Cluster withProtocol(String protocol) {
        return withBanyan("orders", "protocol", protocol);
    }

    private static Cluster withBanyan(String cluster, String key, String value) {
        return XdsResources.edsCluster(cluster).toBuilder()
                .setMetadata(Metadata.newBuilder().putFilterMetadata("banyan", Struct.newBuilder()
                        .putFields(key, Value.newBuilder().setStringValue(value).build()).build()))
                .build();
    }
}
