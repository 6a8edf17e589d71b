package io.banyan.sidecar.xds;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.DirectResponse;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.JwtProviderSettings;
import io.banyan.dataplane.config.JwtRequirementSettings;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.dataplane.xds.ResourceDecoder;
import io.banyan.dataplane.xds.XdsType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class XdsConfigStateTest {

    private final XdsConfigState state = new XdsConfigState();

    @Test
    void isCompleteOnceCdsLdsAndTheirEdsAndRdsArrived() {
        state.acceptClusters(Map.of("orders", eds("orders")), "1");
        assertThat(state.complete()).isFalse();
        assertThat(state.subscription(XdsType.ENDPOINT)).containsExactly("orders");

        state.acceptListeners(Map.of("outbound|15001", listener("outbound|15001", "outbound")), "1");
        assertThat(state.subscription(XdsType.ROUTE)).containsExactly("outbound");
        state.acceptEndpoints(Map.of("orders", new ClusterEndpoints("orders", List.of())), "1");
        assertThat(state.complete()).isFalse();

        state.acceptRoutes(Map.of("outbound", new RouteConfig("outbound", List.of())), "1");
        assertThat(state.complete()).isTrue();
        MeshConfig config = state.toMeshConfig();
        assertThat(config.versions()).containsEntry(XdsType.CLUSTER.typeUrl(), "1").hasSize(4);
        assertThat(config.endpoints()).containsKey("orders");
    }

    @Test
    void removedClustersAndListenersDropTheirEndpointsAndRoutes() {
        state.acceptClusters(Map.of("orders", eds("orders"), "payments", eds("payments")), "1");
        state.acceptEndpoints(Map.of("orders", new ClusterEndpoints("orders", List.of()),
                "payments", new ClusterEndpoints("payments", List.of())), "1");
        state.acceptListeners(Map.of("a", listener("a", "ra"), "b", listener("b", "rb")), "1");
        state.acceptRoutes(Map.of("ra", new RouteConfig("ra", List.of()), "rb", new RouteConfig("rb", List.of())), "1");

        state.acceptClusters(Map.of("orders", eds("orders")), "2");
        state.acceptListeners(Map.of("a", listener("a", "ra")), "2");

        MeshConfig config = state.toMeshConfig();
        assertThat(config.endpoints()).containsOnlyKeys("orders");
        assertThat(config.routes()).containsOnlyKeys("ra");
        assertThat(state.subscription(XdsType.ENDPOINT)).containsExactly("orders");
        assertThat(state.subscription(XdsType.CLUSTER)).isEmpty();
    }

    @Test
    void aRefusedListenerOrClusterKeepsItsLastVersionWhileTheRestOfTheResponseApplies() {
        state.acceptClusters(Map.of("orders", eds("orders"), "payments", eds("payments")), "1");
        state.acceptListeners(Map.of("a", listener("a", "ra"), "b", listener("b", "rb")), "1");

        state.acceptClusters(Map.of("orders", eds("orders"), "fresh", eds("fresh")),
                Map.of("payments", "cluster payments: bad"), "2");
        state.acceptListeners(Map.of("a", listener("a", "ra2")), Map.of("b", "listener b: bad"), "2");

        MeshConfig config = state.toMeshConfig();
        assertThat(config.clusters()).containsOnlyKeys("orders", "payments", "fresh");
        assertThat(config.listeners().get("b").routeConfigName()).isEqualTo("rb");
        assertThat(config.listeners().get("a").routeConfigName()).isEqualTo("ra2");
        assertThat(config.versions()).containsEntry(XdsType.CLUSTER.typeUrl(), "1")
                .containsEntry(XdsType.LISTENER.typeUrl(), "1");
        assertThat(state.stale()).containsEntry(XdsType.CLUSTER, Map.of("payments", "cluster payments: bad"))
                .containsEntry(XdsType.LISTENER, Map.of("b", "listener b: bad"));

        state.acceptClusters(Map.of("orders", eds("orders"), "payments", eds("payments")), "3");
        assertThat(state.stale()).doesNotContainKey(XdsType.CLUSTER);
        assertThat(state.version(XdsType.CLUSTER)).isEqualTo("3");
    }

    @Test
    void aRefusedRouteTableKeepsItsLastVersionAndAnotherTableUpdates() {
        state.acceptListeners(Map.of("a", listener("a", "ra"), "b", listener("b", "rb")), "1");
        RouteConfig ra = new RouteConfig("ra", List.of());
        state.acceptRoutes(Map.of("ra", ra, "rb", new RouteConfig("rb", List.of())), "1");
        RouteConfig rbUpdated = new RouteConfig("rb", List.of());

        state.acceptRoutes(Map.of("rb", rbUpdated), Map.of("ra", "route_config ra: bad"), "2");

        assertThat(state.toMeshConfig().routes()).containsEntry("ra", ra).containsKey("rb");
        assertThat(state.stale()).containsEntry(XdsType.ROUTE, Map.of("ra", "route_config ra: bad"));
        assertThat(state.version(XdsType.ROUTE)).isEqualTo("1");
        assertThat(state.complete()).isFalse(); // no CDS yet
    }

    @Test
    void aResponseWhoseOnlyListenerIsRefusedStillCountsAsReceived() {
        state.acceptListeners(Map.of(), Map.of("a", "listener a: bad"), "1");

        assertThat(state.received(XdsType.LISTENER)).isTrue();
        assertThat(state.version(XdsType.LISTENER)).isEmpty();
        assertThat(state.toMeshConfig().listeners()).isEmpty();
    }

    @Test
    void aResourceRefusedBeforeAnyVersionWasAcceptedIsRefused_notStale_whileTheControlPlaneStillSendsIt() {
        state.acceptClusters(Map.of("orders", eds("orders")), Map.of("payments", "cluster payments: bad"), "1");
        state.acceptListeners(Map.of("a", listener("a", "ra"), "b", listener("b", "rb")),
                Map.of("c", "listener c: bad"), "1");
        state.acceptRoutes(Map.of("ra", new RouteConfig("ra", List.of())), Map.of("rb", "route_config rb: bad"), "1");

        assertThat(state.refused()).containsEntry(XdsType.CLUSTER, Map.of("payments", "cluster payments: bad"))
                .containsEntry(XdsType.LISTENER, Map.of("c", "listener c: bad"))
                .containsEntry(XdsType.ROUTE, Map.of("rb", "route_config rb: bad"));
        assertThat(state.stale()).isEmpty();

        state.acceptClusters(Map.of("orders", eds("orders")), "2"); // payments no longer sent
        state.acceptListeners(Map.of("a", listener("a", "ra")), Map.of("c", "listener c: still bad"), "2"); // rb unused
        assertThat(state.refused()).containsOnlyKeys(XdsType.LISTENER)
                .containsEntry(XdsType.LISTENER, Map.of("c", "listener c: still bad"));

        state.acceptListeners(Map.of("a", listener("a", "ra"), "c", listener("c", "ra")), "3");
        assertThat(state.refused()).isEmpty();
    }

    @Test
    void namesWhatTheConfigReferencesButLacks() {
        state.acceptClusters(Map.of("orders", eds("orders"), "orders-next", eds("orders-next")), "1");
        state.acceptListeners(Map.of("a", listener("a", "ra"), "b", listener("b", "rb"),
                "tcp", ListenerConfig.tcp("tcp", "127.0.0.1", 15010, TrafficDirection.OUTBOUND, "db")), "1");
        state.acceptEndpoints(Map.of("orders", new ClusterEndpoints("orders", List.of())), "1");
        Route toNext = new Route("", RouteMatch.prefix("/"), new RouteAction(List.of(new WeightedCluster("orders", 90),
                new WeightedCluster("orders-next", 10)), Duration.ofSeconds(15)).withMirrors(
                List.of(MirrorPolicy.always("shadow"))), null, null, HeaderMutations.NONE, HeaderMutations.NONE, null);
        state.acceptRoutes(Map.of("ra", new RouteConfig("ra", List.of(new VirtualHost("orders", List.of("orders"),
                List.of(toNext))))), "1");

        assertThat(state.unresolved()).containsExactly("cluster db", "cluster shadow", "endpoints of orders-next",
                "route table rb");

        state.acceptClusters(Map.of("orders", eds("orders"), "db", eds("db")), "2");

        assertThat(state.unresolved()).contains("cluster orders-next", "endpoints of db")
                .doesNotContain("endpoints of orders-next");
    }

    @Test
    void ignoresUnsubscribedEdsAndRdsResources() {
        state.acceptClusters(Map.of("orders", eds("orders")), "1");
        state.acceptEndpoints(Map.of("stranger", new ClusterEndpoints("stranger", List.of())), "1");

        assertThat(state.toMeshConfig().endpoints()).isEmpty();
        assertThat(state.version(XdsType.ENDPOINT)).isEqualTo("1");
        assertThat(state.version(XdsType.ROUTE)).isEmpty();
    }

    private static ClusterConfig eds(String name) {
        return new ClusterConfig(name, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
                UpstreamProtocol.HTTP1, null);
    }

    @Test
    void aRouteTableNamingAJwtRequirementItsListenerLacksIsRefused_theOthersAreKept() {
        XdsConfigState state = new XdsConfigState();
        JwtProviderSettings provider = new JwtProviderSettings("p", "https://id.example.com", List.of(),
                Path.of("/etc/jwks.json"), null, Duration.ofMinutes(5), Map.of(), false, Duration.ofSeconds(60));
        state.acceptListeners(Map.of("edge", listener("edge", "gateway|edge").withEdge(new EdgeListenerSettings(
                Map.of("p", new JwtRequirementSettings(provider, false)), 1000)), "plain", listener("plain", "other")),
                "1");
        RouteConfig known = table("gateway|edge", "p");
        RouteConfig unknownHere = table("other", "p");
        RouteConfig unknown = table("gateway|edge", "q");

        ResourceDecoder.Decoded<RouteConfig> checked = state.edgeChecked(new ResourceDecoder.Decoded<>(
                Map.of(known.name(), known, unknownHere.name(), unknownHere), List.of(), Map.of()));
        ResourceDecoder.Decoded<RouteConfig> refused = state.edgeChecked(new ResourceDecoder.Decoded<>(
                Map.of(unknown.name(), unknown), List.of(), Map.of()));

        assertThat(checked.valid()).isFalse();
        assertThat(checked.resources()).containsOnlyKeys("gateway|edge");
        assertThat(checked.rejected()).containsOnlyKeys("other");
        assertThat(refused.resources()).isEmpty();
        assertThat(refused.errorMessage()).isEqualTo("route configuration 'gateway|edge' (listener 'edge'):"
                + " requirement_name: 'q' (expected: one of the jwt_authn filter's requirement_map [p])");
    }

    private static RouteConfig table(String name, String jwtRequirement) {
        Route route = new Route("r", RouteMatch.prefix("/"), null, null, new DirectResponse(200, "ok"),
                HeaderMutations.NONE, HeaderMutations.NONE, new EdgeRouteSettings(jwtRequirement, null, null, null, 0));
        return new RouteConfig(name, List.of(new VirtualHost("*", List.of("*"), List.of(route))));
    }

    private static ListenerConfig listener(String name, String routes) {
        return new ListenerConfig(name, "127.0.0.1", 15001, TrafficDirection.OUTBOUND, routes);
    }
}
