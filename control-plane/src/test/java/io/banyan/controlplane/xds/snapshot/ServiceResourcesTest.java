package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.appconfig.AppConfigSnapshot;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.Retries;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.route.RouteSnapshot;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.scopedWebNode;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/** A service's cluster and endpoints are built once per change of their inputs and shared by every node. */
class ServiceResourcesTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();
    private final SidecarNode scoped = parser.parse(scopedWebNode("sidecar~web~h~1"));
    private final SidecarNode every = parser.parse(webNode("sidecar~web~h~2"));

    private static MeshConfig config(RegistrySnapshot registry, PolicySnapshot policies) {
        return new MeshConfig(registry, policies, AuthorizationSnapshot.empty(), RouteSnapshot.empty(),
                MigrationSnapshot.empty(), AppConfigSnapshot.empty());
    }

    @Test
    void twoNodesReferencingAServiceHoldTheSameObjects() {
        ServiceResources shared = ServiceResources.shared();
        MeshConfig config = config(registry(1, true), PolicySnapshot.empty());

        Snapshot a = builder.build(scoped, config, shared);
        Snapshot b = builder.build(every, config, shared);

        assertThat(a.clusters().versionedResources().get("orders"))
                .isSameAs(b.clusters().versionedResources().get("orders"));
        assertThat(a.endpoints().versionedResources().get("orders"))
                .isSameAs(b.endpoints().versionedResources().get("orders"));
        assertThat(a.clusters().resources().get("orders")).isSameAs(b.clusters().resources().get("orders"));
    }

    @Test
    void aServiceIsRebuiltOnlyWhenItsInstancesOrPolicyChange() {
        ServiceResources shared = ServiceResources.shared();
        RegistrySnapshot first = registry(1, true);
        Snapshot before = builder.build(every, config(first, PolicySnapshot.empty()), shared);

        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(first.services());
        services.put("payments", List.copyOf(new ArrayList<>(first.services().get("payments")))); // equal, not ==
        services.put("orders", first.services().get("orders").subList(0, 2));
        Snapshot registryChanged = builder.build(every, config(new RegistrySnapshot(2, services),
                PolicySnapshot.empty()), shared);
        TrafficPolicy retries = new TrafficPolicy(null, null, new Retries("5xx", 1, null, null, null, null), null,
                null, null, null);
        Snapshot policyChanged = builder.build(every, config(new RegistrySnapshot(2, services),
                new PolicySnapshot(1, new TreeMap<>(Map.of("payments", retries)))), shared);

        assertThat(registryChanged.endpoints().versionedResources().get("orders"))
                .isNotSameAs(before.endpoints().versionedResources().get("orders"));
        assertThat(registryChanged.endpoints().versionedResources().get("payments")).as("equal instances")
                .isSameAs(before.endpoints().versionedResources().get("payments"));
        assertThat(registryChanged.clusters().versionedResources().get("idle"))
                .isSameAs(before.clusters().versionedResources().get("idle"));
        assertThat(policyChanged.clusters().versionedResources().get("payments"))
                .isNotSameAs(registryChanged.clusters().versionedResources().get("payments"));
        assertThat(policyChanged.clusters().versionedResources().get("payments").version()).as("retries live in"
                + " the routes: equal content, equal version")
                .isEqualTo(registryChanged.clusters().versionedResources().get("payments").version());
        assertThat(policyChanged.clusters().versionedResources().get("orders"))
                .isSameAs(registryChanged.clusters().versionedResources().get("orders"));
    }

    @Test
    void sharedAndUnsharedBuildsPublishTheSameVersions_andWhatNoNodeReferencesIsDropped() {
        ServiceResources shared = ServiceResources.shared();
        MeshConfig config = config(registry(1, true), PolicySnapshot.empty());

        Snapshot withShared = builder.build(every, config, shared);
        Snapshot alone = builder.build(every, config);
        shared.retainOnly(Set.of("orders"));

        assertThat(withShared.clusters().version()).isEqualTo(alone.clusters().version());
        assertThat(withShared.endpoints().version()).isEqualTo(alone.endpoints().version());
        assertThat(withShared.routes().version()).isEqualTo(alone.routes().version());
        assertThat(shared.size()).isEqualTo(1);
        assertThat(ServiceResources.none().size()).isZero();
    }
}
