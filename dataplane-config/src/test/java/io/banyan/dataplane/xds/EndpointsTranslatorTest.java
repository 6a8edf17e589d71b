package io.banyan.dataplane.xds;

import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointsTranslatorTest {

    private final EndpointsTranslator translator = new EndpointsTranslator();

    @Test
    void translatesZoneWeightAndBanyanMetadata() throws Exception {
        ClusterLoadAssignment assignment = XdsResources.endpoints("orders", "a", 8081).toBuilder()
                .setEndpoints(0, XdsResources.endpoints("orders", "a", 8081).getEndpoints(0).toBuilder()
                        .addLbEndpoints(XdsResources.lbEndpoint("10.0.0.2", 15006, "i-2", false).toBuilder()
                                .setLoadBalancingWeight(UInt32Value.of(3))))
                .build();

        ClusterEndpoints endpoints = translator.translate(assignment);

        assertThat(endpoints.clusterName()).isEqualTo("orders");
        assertThat(endpoints.endpoints()).containsExactly(
                new Endpoint("127.0.0.1", 8081, 1, "a", true, "i-8081"),
                new Endpoint("10.0.0.2", 15006, 3, "a", false, "i-2"));
    }

    @Test
    void defaultsWeightToOneAndIdToTheAuthority() throws Exception {
        LbEndpoint bare = XdsResources.lbEndpoint("127.0.0.1", 9000, "x", true).toBuilder()
                .clearLoadBalancingWeight().clearMetadata().build();
        ClusterLoadAssignment assignment = ClusterLoadAssignment.newBuilder().setClusterName("orders")
                .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(bare)).build();

        assertThat(translator.translate(assignment).endpoints())
                .containsExactly(new Endpoint("127.0.0.1", 9000, 1, "", false, "127.0.0.1:9000"));
    }

    @Test
    void leavesOutUnhealthyAndDrainingEndpoints() throws Exception {
        ClusterLoadAssignment assignment = ClusterLoadAssignment.newBuilder().setClusterName("orders")
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(XdsResources.lbEndpoint("127.0.0.1", 1, "up", true))
                        .addLbEndpoints(XdsResources.lbEndpoint("127.0.0.1", 2, "down", true).toBuilder()
                                .setHealthStatus(HealthStatus.UNHEALTHY))
                        .addLbEndpoints(XdsResources.lbEndpoint("127.0.0.1", 3, "draining", true).toBuilder()
                                .setHealthStatus(HealthStatus.DRAINING)))
                .build();

        assertThat(translator.translate(assignment).endpoints()).extracting(Endpoint::instanceId).containsExactly("up");
    }

    @Test
    void rejectsAZeroWeight() {
        ClusterLoadAssignment assignment = single(XdsResources.lbEndpoint("127.0.0.1", 8081, "i", true).toBuilder()
                .setLoadBalancingWeight(UInt32Value.of(0)).build());

        assertThatThrownBy(() -> translator.translate(assignment))
                .hasMessage("cluster_load_assignment orders: endpoints[0].lb_endpoints[0].load_balancing_weight 0 "
                        + "(expected: >= 1)");
    }

    @Test
    void rejectsAnOutOfRangePort() {
        ClusterLoadAssignment assignment = single(XdsResources.lbEndpoint("127.0.0.1", 70000, "i", true));

        assertThatThrownBy(() -> translator.translate(assignment))
                .hasMessage("cluster_load_assignment orders: port_value 70000 (expected: 1..65535)");
    }

    @Test
    void rejectsAMeshFlagThatIsNotABool() {
        Struct banyan = Struct.newBuilder().putFields("mesh", Value.newBuilder().setStringValue("yes").build()).build();
        ClusterLoadAssignment assignment = single(XdsResources.lbEndpoint("127.0.0.1", 8081, "i", true).toBuilder()
                .setMetadata(Metadata.newBuilder().putFilterMetadata("banyan", banyan)).build());

        assertThatThrownBy(() -> translator.translate(assignment))
                .hasMessage("cluster_load_assignment orders: endpoints[0].lb_endpoints[0].metadata.banyan.mesh "
                        + "STRING_VALUE (expected: a bool)");
    }

    @Test
    void rejectsPriorities() {
        ClusterLoadAssignment assignment = XdsResources.endpoints("orders", "a", 8081).toBuilder()
                .setEndpoints(0, XdsResources.endpoints("orders", "a", 8081).getEndpoints(0).toBuilder().setPriority(1))
                .build();

        assertThatThrownBy(() -> translator.translate(assignment))
                .hasMessage("cluster_load_assignment orders: endpoints[0].priority 1 "
                        + "(expected: 0, priorities are unsupported)");
    }

    private static ClusterLoadAssignment single(LbEndpoint endpoint) {
        return ClusterLoadAssignment.newBuilder().setClusterName("orders")
                .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(endpoint)).build();
    }
}
