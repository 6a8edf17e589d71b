package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Struct;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.MigrationJson;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.migration.MigrationState;
import io.banyan.controlplane.migration.Phase;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.controlplane.route.ServiceRoutes;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.T0;
import static io.banyan.controlplane.xds.snapshot.Fixtures.list;
import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.scopedWebNode;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/** A node's scope: what it declared, what routes and migrations of those reference (transitively), or everything. */
class NodeScopeTest {

    private final SidecarNodeParser parser = new SidecarNodeParser();
    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");

    /** web declares orders and ghost; the registry holds orders, payments and idle. */
    private final SidecarNode web = parser.parse(scopedWebNode("sidecar~web~h~1"));

    private static ServiceRoutes routesOf(String service, String... to) {
        StringBuilder body = new StringBuilder("{\"routes\": [");
        for (int i = 0; i < to.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"name\": \"r").append(i).append("\", \"to\": [{\"service\": \"")
                    .append(to[i]).append("\"}]}");
        }
        return new RouteJson().readService(service, body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static RouteSnapshot routes(ServiceRoutes... all) {
        TreeMap<String, ServiceRoutes> services = new TreeMap<>();
        for (ServiceRoutes routes : all) {
            services.put(routes.service(), routes);
        }
        return new RouteSnapshot(1, services, new TreeMap<>());
    }

    private static MigrationSnapshot migration(String from, String to) {
        Migration migration = new Migration(new MigrationJson().readSpec(("{\"name\": \"m\", \"from\": \"" + from
                + "\", \"to\": \"" + to + "\"}").getBytes(StandardCharsets.UTF_8)),
                new MigrationState(Phase.SHIFTING, 1, 25, T0, T0, T0, null), List.of());
        return new MigrationSnapshot(1, new TreeMap<>(Map.of("m", migration)));
    }

    @Test
    void aSidecarGetsOnlyWhatItDeclared() {
        NodeScope scope = NodeScope.of(web, registry(1, true), RouteSnapshot.empty(), MigrationSnapshot.empty());

        assertThat(scope.services()).containsExactly("ghost", "orders");
        assertThat(scope.migrations()).isEmpty();
    }

    @Test
    void routesOfAServiceInScopeBringWhatTheySendTo_transitively_andRoutesOfOthersBringNothing() {
        RouteSnapshot routes = routes(routesOf("orders", "orders-v2"), routesOf("orders-v2", "payments"),
                routesOf("idle", "billing"));

        NodeScope scope = NodeScope.of(web, registry(1, true), routes, MigrationSnapshot.empty());

        assertThat(scope.services()).containsExactly("ghost", "orders", "orders-v2", "payments");
    }

    @Test
    void aMigrationWhoseFromIsInScopeIsServedWithItsTo_andOneOfAnotherServiceIsNot() {
        NodeScope served = NodeScope.of(web, registry(1, true), RouteSnapshot.empty(), migration("orders", "orders-v2"));
        NodeScope other = NodeScope.of(web, registry(1, true), RouteSnapshot.empty(), migration("idle", "payments"));

        assertThat(served.services()).containsExactly("ghost", "orders", "orders-v2");
        assertThat(served.migrations()).extracting(Migration::name).containsExactly("m");
        assertThat(other.services()).containsExactly("ghost", "orders");
        assertThat(other.migrations()).isEmpty();
    }

    @Test
    void starAGatewayAndAPlainEnvoyGetEveryRegisteredServicePlusWhatRoutesReference() {
        RouteSnapshot routes = routes(routesOf("idle", "billing"));
        SidecarNode star = parser.parse(webNode("sidecar~web~h~2"));
        SidecarNode gateway = parser.parse(Node.newBuilder().setId("gateway~edge~h~1").setCluster("edge")
                .setMetadata(Struct.newBuilder()
                        .putFields(NodeMetadata.GATEWAY, Fixtures.string("edge"))).build());

        for (SidecarNode node : List.of(star, gateway, SidecarNode.plain("envoy-1"))) {
            assertThat(node.receivesEveryService()).as(node.id()).isTrue();
            assertThat(NodeScope.of(node, registry(1, true), routes, MigrationSnapshot.empty()).services())
                    .as(node.id()).contains("orders", "payments", "idle", "billing");
        }
        assertThat(star.allUpstreams()).isTrue();
        assertThat(web.allUpstreams()).isFalse();
    }

    @Test
    void anOutOfScopeServiceHasNoClusterNoEndpointsAndNoVirtualHostInTheSharedOutboundTable() {
        Snapshot snapshot = builder.build(web, registry(1, true));

        assertThat(snapshot.clusters().resources()).containsOnlyKeys("orders", "ghost", "inbound|8080");
        assertThat(snapshot.endpoints().resources()).containsOnlyKeys("orders", "ghost");
        assertThat(snapshot.routes().resources().get(ResourceNames.OUTBOUND_ROUTES).getVirtualHostsList())
                .extracting(VirtualHost::getName).containsExactly("ghost", "orders");
    }

    @Test
    void aStarBesideExplicitPortsKeepsThePorts() {
        Node node = scopedWebNode("sidecar~web~h~3").toBuilder().setMetadata(
                Struct.newBuilder().putFields(NodeMetadata.UPSTREAMS, list("orders=9001", "*"))
                        .putFields(NodeMetadata.SERVICE, Fixtures.string("web"))).build();

        SidecarNode star = parser.parse(node);

        assertThat(star.allUpstreams()).isTrue();
        assertThat(star.problems()).isEmpty();
        assertThat(builder.build(star, registry(1, true)).listeners().resources())
                .containsKeys("outbound|9001", "outbound|15001");
    }

    @Test
    void aServiceDeclaredWithoutAPortIsInScope_andGetsNoListenerNorRouteTableOfItsOwn() {
        Node node = scopedWebNode("sidecar~web~h~4").toBuilder().setMetadata(
                Struct.newBuilder().putFields(NodeMetadata.UPSTREAMS, list("orders=9001", "payments", "idle"))
                        .putFields(NodeMetadata.SERVICE, Fixtures.string("web"))).build();

        SidecarNode declared = parser.parse(node);
        Snapshot snapshot = builder.build(declared, registry(1, true));

        assertThat(declared.problems()).isEmpty();
        assertThat(NodeScope.of(declared, registry(1, true), RouteSnapshot.empty(), MigrationSnapshot.empty())
                .services()).containsExactly("idle", "orders", "payments");
        assertThat(snapshot.listeners().resources()).containsOnlyKeys("outbound|9001", "outbound|15001");
        assertThat(snapshot.routes().resources()).containsOnlyKeys(ResourceNames.OUTBOUND_ROUTES,
                ResourceNames.upstreamRoutes("orders"));
        assertThat(snapshot.routes().resources().get(ResourceNames.OUTBOUND_ROUTES).getVirtualHostsList())
                .extracting(VirtualHost::getName).containsExactly("idle", "orders", "payments");
    }
}
