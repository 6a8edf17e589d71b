package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Protocol;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.instance;
import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** One service's refused resource is held back (its last good version stays), the rest of the snapshot goes out. */
class SnapshotGuardTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SnapshotGuard guard = Checks.guard();
    private final SidecarNode web = new SidecarNodeParser().parse(webNode("sidecar~web~h~1"));

    @Test
    void aSnapshotWithNothingRefusedGoesOutAsItIs() {
        Snapshot built = builder.build(web, registry(1, true));

        SnapshotGuard.Guarded guarded = guard.guard(web, built, null);

        assertThat(guarded.snapshot()).isSameAs(built);
        assertThat(guarded.invalid()).isEmpty();
    }

    @Test
    void aRefusedVirtualHostIsLeftOutOfTheSharedTableAndTheOtherServicesStay() {
        Snapshot built = withOrdersRetryOn(builder.build(web, registry(1, true)), "retriable-headers");

        SnapshotGuard.Guarded guarded = guard.guard(web, built, null);

        assertThat(hosts(guarded.snapshot())).containsExactly("ghost", "idle", "payments");
        assertThat(guarded.invalid()).singleElement().satisfies(invalid -> {
            assertThat(invalid.service()).isEqualTo("orders");
            assertThat(invalid.kind()).isEqualTo("route");
            assertThat(invalid.resource()).isEqualTo("outbound/orders");
            assertThat(invalid.reason()).contains("retryOn: 'retriable-headers'");
        });
        assertThat(guarded.snapshot().routes().version()).isNotEqualTo(built.routes().version());
    }

    @Test
    void aRefusedVirtualHostKeepsItsLastGoodVersionWhileAServiceRegisteredAfterwardsIsAdded() {
        Snapshot previous = builder.build(web, registry(1, true));
        RegistrySnapshot withFresh = withService(registry(2, true), "fresh");
        Snapshot next = withOrdersRetryOn(builder.build(web, withFresh), "retriable-headers");

        Snapshot published = guard.guard(web, next, previous).snapshot();

        assertThat(hosts(published)).containsExactlyInAnyOrder("fresh", "ghost", "idle", "orders", "payments");
        assertThat(host(published, "orders")).isEqualTo(host(previous, "orders"));
        assertThat(published.clusters().resources()).containsKey("fresh");
    }

    @Test
    void aRefusedClusterKeepsItsLastGoodVersionAndTheOthersUpdate() {
        Snapshot previous = builder.build(web, registry(1, true));
        Snapshot built = builder.build(web, withService(registry(2, true), "fresh"));
        Cluster bad = built.clusters().resources().get("payments").toBuilder()
                .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED).build();
        List<Cluster> clusters = built.clusters().resources().values().stream()
                .map(cluster -> cluster.getName().equals("payments") ? bad : cluster).toList();
        Snapshot next = Snapshot.create(clusters, "c2", built.endpoints().resources().values(), "e2",
                built.listeners().resources().values(), "l2", built.routes().resources().values(), "r2", List.of(), "s2");

        SnapshotGuard.Guarded guarded = guard.guard(web, next, previous);

        assertThat(guarded.snapshot().clusters().resources().get("payments"))
                .isEqualTo(previous.clusters().resources().get("payments"));
        assertThat(guarded.snapshot().clusters().resources()).containsKey("fresh");
        assertThat(guarded.invalid()).extracting(InvalidResource::service, InvalidResource::kind,
                InvalidResource::resource).containsExactly(tuple("payments", "cluster",
                "payments"));
        assertThat(guarded.invalid().get(0).reason()).contains("lb_policy CLUSTER_PROVIDED");
    }

    @Test
    void aNodeConnectingAfterTheBadObjectWasStoredGetsTheSameLastGoodVersionsAsAnOlderNode() {
        Snapshot good = builder.build(web, registry(1, true));
        Snapshot olderNodes = guard.guard(web, good, null).snapshot();
        Snapshot bad = withPaymentsRefused(withOrdersRetryOn(builder.build(web, registry(2, true)),
                "retriable-headers"));
        Snapshot older = guard.guard(web, bad, olderNodes).snapshot();

        SidecarNode newcomer = new SidecarNodeParser().parse(webNode("sidecar~web~h~2"));
        SnapshotGuard.Guarded fresh = guard.guard(newcomer, bad, null);

        assertThat(host(fresh.snapshot(), "orders")).isEqualTo(host(good, "orders"));
        assertThat(fresh.snapshot().clusters().resources().get("payments"))
                .isEqualTo(good.clusters().resources().get("payments"));
        assertThat(fresh.snapshot().routes().resources()).isEqualTo(older.routes().resources());
        assertThat(fresh.snapshot().clusters().resources()).isEqualTo(older.clusters().resources());
        assertThat(fresh.invalid()).extracting(InvalidResource::resource)
                .containsExactlyInAnyOrder("outbound/orders", "payments");
    }

    @Test
    void aRefusedResourceNeverPublishedIsLeftOutForEveryNodeAlike() {
        Snapshot bad = withOrdersRetryOn(builder.build(web, registry(1, true)), "retriable-headers");
        Snapshot first = guard.guard(web, bad, null).snapshot();

        SidecarNode newcomer = new SidecarNodeParser().parse(webNode("sidecar~web~h~2"));
        Snapshot second = guard.guard(newcomer, bad, null).snapshot();

        assertThat(hosts(first)).doesNotContain("orders");
        assertThat(hosts(second)).isEqualTo(hosts(first));
    }

    @Test
    void theLastGoodVersionsOfResourcesNoNodeHasAnyMoreAreForgottenAfterARound() {
        guard.guard(web, builder.build(web, withService(registry(1, true), "fresh")), null);
        guard.endRound();
        int withFresh = guard.lastGoodCount();

        guard.guard(web, builder.build(web, registry(2, true)), null);
        guard.endRound();

        // fresh's cluster, endpoints and outbound virtual host
        assertThat(guard.lastGoodCount()).isEqualTo(withFresh - 3);
    }

    /** The snapshot with the payments cluster's load balancing refused by the sidecars. */
    private static Snapshot withPaymentsRefused(Snapshot snapshot) {
        List<Cluster> clusters = snapshot.clusters().resources().values().stream()
                .map(cluster -> cluster.getName().equals("payments")
                        ? cluster.toBuilder().setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED).build() : cluster)
                .toList();
        return Snapshot.create(clusters, "tampered", snapshot.endpoints().resources().values(),
                snapshot.endpoints().version(), snapshot.listeners().resources().values(),
                snapshot.listeners().version(), snapshot.routes().resources().values(), snapshot.routes().version(),
                List.of(), "");
    }

    private static RegistrySnapshot withService(RegistrySnapshot registry, String service) {
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(registry.services());
        services.put(service, List.of(instance(service + "-1", service, "10.0.2.1", 8080, "a", 1, Protocol.HTTP, true)));
        return new RegistrySnapshot(registry.revision(), services);
    }

    /** The snapshot with the outbound table's orders virtual host retrying on {@code retryOn}. */
    private static Snapshot withOrdersRetryOn(Snapshot snapshot, String retryOn) {
        RouteConfiguration outbound = snapshot.routes().resources().get(ResourceNames.OUTBOUND_ROUTES);
        RouteConfiguration.Builder tampered = outbound.toBuilder();
        for (int i = 0; i < tampered.getVirtualHostsCount(); i++) {
            if (tampered.getVirtualHosts(i).getName().equals("orders")) {
                VirtualHost.Builder host = tampered.getVirtualHostsBuilder(i);
                host.getRoutesBuilder(0).getRouteBuilder().getRetryPolicyBuilder().setRetryOn(retryOn);
            }
        }
        List<RouteConfiguration> routes = snapshot.routes().resources().values().stream()
                .map(table -> table.getName().equals(ResourceNames.OUTBOUND_ROUTES) ? tampered.build() : table)
                .toList();
        return Snapshot.create(snapshot.clusters().resources().values(), snapshot.clusters().version(),
                snapshot.endpoints().resources().values(), snapshot.endpoints().version(),
                snapshot.listeners().resources().values(), snapshot.listeners().version(),
                routes, "tampered", List.of(), "");
    }

    private static List<String> hosts(Snapshot snapshot) {
        return snapshot.routes().resources().get(ResourceNames.OUTBOUND_ROUTES).getVirtualHostsList().stream()
                .map(VirtualHost::getName).toList();
    }

    private static VirtualHost host(Snapshot snapshot, String name) {
        return snapshot.routes().resources().get(ResourceNames.OUTBOUND_ROUTES).getVirtualHostsList().stream()
                .filter(host -> host.getName().equals(name)).findFirst().orElseThrow();
    }
}
