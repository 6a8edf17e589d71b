package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import io.banyan.api.xds.EndpointMetadata;
import io.banyan.api.xds.NodeMetadataCodec;
import io.banyan.api.xds.ResourceNames;
import io.banyan.api.xds.SidecarMetadata;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.MigrationJson;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.migration.MigrationState;
import io.banyan.controlplane.migration.Phase;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.dataplane.xds.ResourceDecoder;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.T0;
import static io.banyan.controlplane.xds.snapshot.Fixtures.list;
import static io.banyan.controlplane.xds.snapshot.Fixtures.number;
import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.string;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A live migration's xDS (docs/xds.md, "Migrations"): its route first in its table with the weights now, the side
 * clusters as copies of the services' with their endpoints, the mirror and the shadow metadata while shadowing; and
 * the sidecars' own translators accept every resource.
 */
class MigrationXdsTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();
    private final MigrationJson json = new MigrationJson();

    /** A migration of /orders from payments to orders (both registered), in {@code phase} at {@code weight}. */
    private Migration migration(String name, String extra, Phase phase, int weight) {
        return new Migration(json.readSpec(("{\"name\": \"" + name + "\", \"match\": {\"path\": {\"prefix\":"
                        + " \"/orders\"}, \"methods\": [\"GET\"]}, \"from\": \"payments\", \"to\": \"orders\"" + extra + "}")
                        .getBytes(StandardCharsets.UTF_8)),
                new MigrationState(phase, 1, weight, T0, T0, T0, null), List.of());
    }

    private Snapshot web(Migration... migrations) {
        return build(parser.parse(webNode("sidecar~web~h~1")), migrations);
    }

    private Snapshot build(SidecarNode node, Migration... migrations) {
        TreeMap<String, Migration> byName = new TreeMap<>();
        for (Migration migration : migrations) {
            byName.put(migration.name(), migration);
        }
        RouteSnapshot routes = new RouteSnapshot(1, new TreeMap<>(Map.of("payments", new RouteJson().readService(
                "payments", "{\"routes\": [{\"name\": \"operator\", \"to\": [{\"service\": \"idle\"}]}]}"
                        .getBytes(StandardCharsets.UTF_8)))), new TreeMap<>());
        return builder.build(node, registry(1, true), PolicySnapshot.empty(), AuthorizationSnapshot.empty(), routes,
                new MigrationSnapshot(1, byName));
    }

    private static List<Route> routesOf(Snapshot snapshot, String table, String host) {
        return snapshot.routes().resources().get(table).getVirtualHostsList().stream()
                .filter(vh -> vh.getName().equals(host)).findFirst().map(VirtualHost::getRoutesList).orElseThrow();
    }

    @Test
    void aShiftingMigrationsRouteComesFirstWithItsWeightsAndItsSideClustersCopyTheServices() {
        Snapshot snapshot = web(migration("m", "", Phase.SHIFTING, 25));

        List<Route> routes = routesOf(snapshot, ResourceNames.OUTBOUND_ROUTES, "payments");
        assertThat(routes).extracting(Route::getName).containsExactly("migration/m", "operator", "");
        Route first = routes.get(0);
        assertThat(first.getMatch().getPrefix()).isEqualTo("/orders");
        assertThat(first.getMatch().getHeaders(0).getStringMatch().getExact()).isEqualTo("GET");
        assertThat(first.getRoute().getWeightedClusters().getClustersList())
                .extracting(WeightedCluster.ClusterWeight::getName, w -> w.getWeight().getValue())
                .containsExactly(tuple("migration|m|from", 75), tuple("migration|m|to", 25));
        assertThat(first.getRoute().getRequestMirrorPoliciesList()).isEmpty();
        assertThat(first.getMetadata().getFilterMetadataMap()).isEmpty();
        assertThat(routesOf(snapshot, ResourceNames.upstreamRoutes("orders"), "orders"))
                .extracting(Route::getName).doesNotContain("migration/m");

        Map<String, Cluster> clusters = snapshot.clusters().resources();
        assertThat(clusters).containsKeys("migration|m|from", "migration|m|to").doesNotContainKey("migration|m|shadow");
        assertThat(clusters.get("migration|m|to").toBuilder().clearMetadata().build()).isEqualTo(clusters.get("orders")
                .toBuilder().setName("migration|m|to").clearMetadata().build());
        assertThat(clusters.get("migration|m|from").toBuilder().clearMetadata().build()).isEqualTo(clusters
                .get("payments").toBuilder().setName("migration|m|from").clearMetadata().build());
        assertThat(peerService(clusters.get("migration|m|to"))).isEqualTo("orders");
        assertThat(peerService(clusters.get("migration|m|from"))).isEqualTo("payments");
        assertThat(clusters.get("migration|m|to").getMetadata().getFilterMetadataOrThrow(EndpointMetadata.FILTER)
                .getFieldsMap()).containsAllEntriesOf(clusters.get("orders").getMetadata()
                .getFilterMetadataOrDefault(EndpointMetadata.FILTER, Struct.getDefaultInstance()).getFieldsMap());
        Map<String, ClusterLoadAssignment> endpoints = snapshot.endpoints().resources();
        assertThat(endpoints.get("migration|m|to").getEndpointsList())
                .isEqualTo(endpoints.get("orders").getEndpointsList()).isNotEmpty();
        assertThat(endpoints.get("migration|m|from").getEndpointsList())
                .isEqualTo(endpoints.get("payments").getEndpointsList()).isNotEmpty();
        assertAccepted(snapshot);
    }

    @Test
    void aShadowingMigrationMirrorsToTheShadowClusterWithTheExactCompareMetadata() {
        Snapshot snapshot = web(migration("m", ", \"shadow\": {\"percent\": 12.5}, \"compare\": {\"headers\":"
                + " [\"Content-Type\"], \"body\": \"json\", \"ignore\": [\"$.timestamp\"], \"maxBodyBytes\": 1024}",
                Phase.SHADOWING, 0));

        Route first = routesOf(snapshot, ResourceNames.OUTBOUND_ROUTES, "payments").get(0);
        assertThat(first.getRoute().getCluster()).isEqualTo("migration|m|from");
        RouteAction.RequestMirrorPolicy mirror = first.getRoute().getRequestMirrorPolicies(0);
        assertThat(mirror.getCluster()).isEqualTo("migration|m|shadow");
        assertThat(mirror.getRuntimeFraction().getDefaultValue()).isEqualTo(FractionalPercent.newBuilder()
                .setNumerator(125_000).setDenominator(FractionalPercent.DenominatorType.MILLION).build());
        assertThat(first.getMetadata().getFilterMetadataOrThrow(ResourceNames.SHADOW_METADATA)).isEqualTo(
                Struct.newBuilder()
                        .putFields("migration", string("m"))
                        .putFields("compare", com.google.protobuf.Value.newBuilder().setStructValue(Struct.newBuilder()
                                .putFields("status", com.google.protobuf.Value.newBuilder().setBoolValue(true).build())
                                .putFields("headers", list("content-type"))
                                .putFields("body", string("json"))
                                .putFields("ignore", list("$.timestamp"))
                                .putFields("maxBodyBytes", number(1024))).build())
                        .build());
        assertThat(snapshot.clusters().resources()).containsKeys("migration|m|from", "migration|m|to",
                "migration|m|shadow");
        assertThat(snapshot.endpoints().resources()).containsKey("migration|m|shadow");
        assertAccepted(snapshot);
    }

    @Test
    void atFullWeightOneClusterAndARolledBackMigrationLeavesNothing() {
        Snapshot full = web(migration("m", "", Phase.PAUSED, 100));
        assertThat(routesOf(full, ResourceNames.OUTBOUND_ROUTES, "payments").get(0).getRoute().getCluster())
                .isEqualTo("migration|m|to");

        Snapshot rolledBack = web(migration("m", "", Phase.ROLLED_BACK, 0));
        assertThat(routesOf(rolledBack, ResourceNames.OUTBOUND_ROUTES, "payments")).extracting(Route::getName)
                .containsExactly("operator", "");
        assertThat(rolledBack.clusters().resources().keySet()).noneMatch(name -> name.startsWith("migration|"));
    }

    @Test
    void aGatewayMigrationGoesFirstInEveryHostOfThatGatewayOnlyAndServicesUnknownGetEmptyClusters() {
        Migration migration = new Migration(json.readSpec(("{\"name\": \"g\", \"from\": \"legacy\","
                + " \"to\": \"orders\", \"gateway\": \"edge\", \"steps\": [10, 100]}").getBytes(StandardCharsets.UTF_8)),
                new MigrationState(Phase.SHIFTING, 0, 10, T0, T0, T0, null), List.of());
        Node gatewayNode = Node.newBuilder().setId("gateway~edge~h~1").setCluster("edge")
                .setMetadata(NodeMetadataCodec.encode(SidecarMetadata.gateway("edge", "", "0.0.0.0", 8443))).build();

        Snapshot gateway = build(parser.parse(gatewayNode), migration);
        assertThat(routesOf(gateway, ResourceNames.gatewayRoutes("edge"), "*")).extracting(Route::getName)
                .containsExactly("migration/g");
        assertThat(gateway.endpoints().resources().get("migration|g|from").getEndpointsList()).isEmpty();
        assertAccepted(gateway);

        Snapshot web = web(migration);
        assertThat(web.clusters().resources().keySet()).noneMatch(name -> name.startsWith("migration|"));
    }

    /** The sidecars' translators take every cluster, endpoint set and route table as it is. */
    private static void assertAccepted(Snapshot snapshot) {
        ResourceDecoder decoder = new ResourceDecoder();
        assertThat(decoder.clusters(packed(snapshot.clusters().resources().values())).errors()).isEmpty();
        assertThat(decoder.endpoints(packed(snapshot.endpoints().resources().values())).errors()).isEmpty();
        assertThat(decoder.routes(packed(snapshot.routes().resources().values())).errors()).isEmpty();
        assertThat(new SnapshotGuard(new ResourceCheck()).guard(new SidecarNodeParser().parse(webNode("x~web~h~1")),
                snapshot, null).invalid()).isEmpty();
    }

    private static List<Any> packed(Collection<? extends Message> resources) {
        return resources.stream().map(Any::pack).toList();
    }

    /** The service whose identity a side cluster's endpoints present, as a data plane reads it. */
    private static String peerService(Cluster cluster) {
        return cluster.getMetadata().getFilterMetadataOrThrow(EndpointMetadata.FILTER)
                .getFieldsOrThrow(EndpointMetadata.SERVICE).getStringValue();
    }
}
