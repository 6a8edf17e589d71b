package io.banyan.controlplane.xds.snapshot;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import org.junit.jupiter.api.Test;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Results are remembered by resource name and content digest: bounded by the names, a change is decoded again. */
class ResourceCheckTest {

    private final ResourceCheck check = new ResourceCheck();
    private final Cluster orders = new SnapshotBuilder("mesh.local")
            .build(new SidecarNodeParser().parse(webNode("sidecar~web~h~1")), registry(1, true))
            .clusters().resources().get("orders");

    @Test
    void manyVersionsOfOneResourceKeepOneEntry() {
        for (int i = 1; i <= 100; i++) {
            Cluster version = orders.toBuilder().setConnectTimeout(
                    com.google.protobuf.Duration.newBuilder().setSeconds(i)).build();
            assertThat(check.errors(version)).isEmpty();
        }

        assertThat(check.cached()).isEqualTo(1);
    }

    @Test
    void aChangedResourceIsDecodedAgainAndTheSameContentIsNot() {
        assertThat(check.errors(orders)).isEmpty();

        Cluster refused = orders.toBuilder().setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED).build();
        assertThat(check.errors(refused)).singleElement().asString().contains("lb_policy CLUSTER_PROVIDED");
        assertThat(check.errors(orders)).as("valid again").isEmpty();
        assertThat(check.errors(orders.toBuilder().build())).as("equal content, a new object").isEmpty();
        assertThat(check.cached()).isEqualTo(1);
    }

    @Test
    void aOneHostTableIsRememberedApartFromItsWholeTable() {
        RouteConfiguration outbound = new SnapshotBuilder("mesh.local")
                .build(new SidecarNodeParser().parse(webNode("sidecar~web~h~1")), registry(1, true))
                .routes().resources().get("outbound");
        check.errors(outbound);
        outbound.getVirtualHostsList().forEach(host ->
                check.errors(outbound.toBuilder().clearVirtualHosts().addVirtualHosts(host).build()));

        assertThat(check.cached()).isEqualTo(1 + outbound.getVirtualHostsCount());
    }

    @Test
    void aResourceOfAnotherTypeIsRefusedNamingTheTypesExpected() {
        assertThatThrownBy(() -> check.errors(com.google.protobuf.Duration.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource: google.protobuf.Duration"
                        + " (expected: a Listener, RouteConfiguration, Cluster or ClusterLoadAssignment)");
    }
}
