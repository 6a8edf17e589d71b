package io.banyan.controlplane.xds;

import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.policy.Retries;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.controlplane.xds.snapshot.NodeScope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static org.assertj.core.api.Assertions.assertThat;

/** A change is reduced to the services, own services and gateways it touches; the index finds their nodes. */
class ConfigChangeTest {

    private final MeshConfig before = MeshConfig.empty().with(registry(1, true));

    @Test
    void aRegistryChangeTouchesTheServicesWhoseInstancesDiffer_sameOrEqualListsAreUntouched() {
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(before.registry().services());
        services.put("payments", new ArrayList<>(services.get("payments"))); // equal, another list
        services.put("orders", services.get("orders").subList(0, 1));

        ConfigChange change = ConfigChange.between(before, before.with(new RegistrySnapshot(2, services)));

        assertThat(change.services()).containsExactly("orders");
        assertThat(change.serviceSet()).isFalse();
        assertThat(change.none()).isFalse();
        assertThat(ConfigChange.between(before, before.with(new RegistrySnapshot(3, before.registry().services())))
                .none()).as("a new revision with the same content").isTrue();
    }

    @Test
    void aNewServiceChangesTheSetOfServices_aPolicyTouchesItsServiceAndItsOwnSidecars_theDefaultModeEverything() {
        ConfigChange added = ConfigChange.between(before, before.withService("billing"));
        ConfigChange policy = ConfigChange.between(before, before.withPolicy("orders",
                new TrafficPolicy(null, null, new Retries("5xx", 1, null, null, null, null), null, null, null, null)));
        ConfigChange mode = ConfigChange.between(before, before.withDefaultMode(DefaultMode.DENY_UNLESS_ALLOWED));

        assertThat(added.services()).containsExactly("billing");
        assertThat(added.serviceSet()).isTrue();
        assertThat(policy.services()).containsExactly("orders");
        assertThat(policy.ownServices()).containsExactly("orders");
        assertThat(policy.scopes()).isFalse();
        assertThat(mode.everything()).isTrue();
    }

    @Test
    void theIndexFindsTheNodesOfAServiceAndForgetsWhatLeftTheirScope() {
        ScopeIndex index = new ScopeIndex();

        assertThat(index.put("a", scope("orders", "payments"))).isTrue();
        assertThat(index.put("b", scope("orders"))).isTrue();
        assertThat(index.put("b", scope("orders"))).as("same scope").isFalse();
        assertThat(index.nodesOf("orders")).containsExactlyInAnyOrder("a", "b");
        assertThat(index.nodesOf("payments")).containsExactly("a");

        index.put("a", scope("orders"));
        index.remove("b");

        assertThat(index.nodesOf("payments")).isEmpty();
        assertThat(index.nodesOf("orders")).containsExactly("a");
        assertThat(index.services()).containsExactly("orders");
    }

    private static NodeScope scope(String... services) {
        return new NodeScope(new TreeSet<>(Set.of(services)), List.of());
    }
}
