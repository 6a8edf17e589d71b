package io.banyan.controlplane.rollout;

import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.controlplane.route.ServiceRoutes;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A stable value puts back one object as it was and leaves every other object of the view as it is. */
class StableValueTest {

    private static final TrafficPolicy POLICY = TrafficPolicy.DEFAULT;
    private final MeshConfig now = MeshConfig.empty().with(
            new PolicySnapshot(5, new TreeMap<>(Map.of("orders", POLICY, "billing", POLICY))))
            .with(new AuthorizationSnapshot(6, new TreeMap<>(Map.of("orders",
                    new AllowList("orders", List.of("web")))), DefaultMode.DENY_UNLESS_ALLOWED))
            .with(new RouteSnapshot(7, new TreeMap<>(Map.of("orders", new ServiceRoutes("orders", List.of()))),
                    new TreeMap<>()));

    @Test
    void aPolicyThatDidNotExistIsRemovedOthersStay() {
        MeshConfig stable = StableValue.policy("orders", Optional.empty()).apply(now);

        assertThat(stable.policies().policies()).containsOnlyKeys("billing");
        assertThat(stable.policies().revision()).isEqualTo(5);
        assertThat(stable.authorizations()).isSameAs(now.authorizations());
        assertThat(stable.routes()).isSameAs(now.routes());
    }

    @Test
    void anAllowListAndTheDefaultAsTheyWere() {
        AllowList before = new AllowList("orders", List.of("web", "admin"));

        MeshConfig list = StableValue.allowList("orders", Optional.of(before)).apply(now);
        MeshConfig mode = StableValue.defaultMode(DefaultMode.ALLOW_ALL).apply(now);

        assertThat(list.authorizations().allowList("orders")).contains(before);
        assertThat(list.authorizations().mode()).isEqualTo(DefaultMode.DENY_UNLESS_ALLOWED);
        assertThat(mode.authorizations().mode()).isEqualTo(DefaultMode.ALLOW_ALL);
        assertThat(mode.authorizations().lists()).isEqualTo(now.authorizations().lists());
        assertThat(list.policies()).isSameAs(now.policies());
    }

    @Test
    void routesOfAServiceOrAGatewayAsTheyWere() {
        MeshConfig none = StableValue.routes(RouteOwner.SERVICE, "orders", Optional.empty()).apply(now);
        MeshConfig edge = StableValue.routes(RouteOwner.GATEWAY, "edge",
                Optional.of(new GatewayRoutes("edge", List.of()))).apply(now);

        assertThat(none.routes().services()).isEmpty();
        assertThat(edge.routes().gateways()).containsOnlyKeys("edge");
        assertThat(edge.routes().services()).containsOnlyKeys("orders");
        assertThat(none.routes().revision()).isEqualTo(7);
    }
}
