package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.policy.PolicyJson;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/** What a configuration would publish to each node, compared with what the node holds; nothing else changes. */
class SnapshotPreviewTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SnapshotGuard guard = Checks.guard();
    private final SnapshotPreview preview = new SnapshotPreview(builder);
    private final SidecarNode web = new SidecarNodeParser().parse(webNode("sidecar~web~h~1"));
    private final MeshConfig config = MeshConfig.empty().with(registry(1, true));

    /** What the publisher would hold for web: the current configuration, built and guarded. */
    private Snapshot published() {
        return guard.guard(web, builder.build(web, config.registry(), config.policies(), config.authorizations(),
                config.routes(), config.migrations()), null).snapshot();
    }

    @Test
    void theConfigurationAsItIsWouldSendNothing() {
        Snapshot held = published();

        SnapshotPreview.Preview previewed = preview.preview(List.of(web), config, guard, id -> held);

        assertThat(previewed.nodes()).isEmpty();
        assertThat(previewed.resources()).isEmpty();
    }

    @Test
    void aPolicyChangeWouldSendThatServicesClusterToEveryNodeThatHasIt() {
        Snapshot held = published();
        MeshConfig next = config.withPolicy("orders",
                new PolicyJson().read("{\"circuitBreaking\":{\"maxRequests\":7}}".getBytes(StandardCharsets.UTF_8)));

        SnapshotPreview.Preview previewed = preview.preview(List.of(web), next, guard, id -> held);

        assertThat(previewed.nodes()).singleElement().satisfies(node -> {
            assertThat(node.id()).isEqualTo("sidecar~web~h~1");
            assertThat(node.service()).isEqualTo("web");
            assertThat(node.kind()).isEqualTo(SnapshotPreview.NodeKind.SIDECAR);
            assertThat(node.resources()).contains("Cluster/orders").doesNotContain("Cluster/payments");
            assertThat(node.removed()).isEmpty();
            assertThat(node.heldBack()).isEmpty();
        });
        assertThat(previewed.resources()).anySatisfy(resource -> assertThat(resource).isInstanceOfSatisfying(
                Cluster.class, cluster -> {
                    assertThat(cluster.getName()).isEqualTo("orders");
                    assertThat(cluster.getCircuitBreakers().getThresholds(0).getMaxRequests().getValue()).isEqualTo(7);
                }));
    }

    @Test
    void aDeletedServiceIsNamedAsRemovedAndANodeWithNothingYetWouldGetEverything() {
        Snapshot held = published();
        MeshConfig next = config.withoutService("payments");
        SidecarNode fresh = new SidecarNodeParser().parse(webNode("sidecar~web~h~2"));

        SnapshotPreview.Preview previewed = preview.preview(List.of(web, fresh), next, guard,
                Map.of(web.id(), held)::get);

        assertThat(previewed.nodes()).extracting(SnapshotPreview.NodeChange::id)
                .containsExactly("sidecar~web~h~1", "sidecar~web~h~2");
        assertThat(previewed.nodes().get(0).removed()).contains("Cluster/payments", "ClusterLoadAssignment/payments");
        assertThat(previewed.nodes().get(1).resources()).contains("Cluster/orders", "Listener/inbound|15006");
        assertThat(previewed.nodes().get(1).removed()).isEmpty();
    }

    @Test
    void thePublishersGuardKeepsWhatItKeptBefore() {
        published();
        int kept = guard.lastGoodCount();
        RegistrySnapshot more = config.withService("fresh").registry();

        preview.preview(List.of(web), config.with(more), guard, id -> null);

        assertThat(guard.lastGoodCount()).as("the preview guarded with a copy").isEqualTo(kept);
    }

    @Test
    void resourcesPrintAsProtoJsonWithTheirTypedConfigs() {
        Snapshot held = published();
        ResourceJson json = new ResourceJson();

        assertThat(held.listeners().resources().values()).allSatisfy(listener ->
                assertThat(json.print(listener)).contains("\"@type\": \"type.googleapis.com/envoy."));
        assertThat(held.clusters().resources().values()).allSatisfy(cluster ->
                assertThat(json.print(cluster)).contains("\"name\""));
    }
}
