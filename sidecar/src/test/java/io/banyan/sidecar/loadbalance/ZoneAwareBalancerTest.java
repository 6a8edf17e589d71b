package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbAlgorithm;
import io.banyan.dataplane.config.LbSettings;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.banyan.sidecar.loadbalance.Picks.count;
import static io.banyan.sidecar.loadbalance.Picks.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

class ZoneAwareBalancerTest {

    private final Endpoint a1 = endpoint(1001, 1, "a");
    private final Endpoint a2 = endpoint(1002, 1, "a");
    private final Endpoint b1 = endpoint(1003, 1, "b");
    private final Endpoint b2 = endpoint(1004, 1, "b");
    private final Endpoint b3 = endpoint(1005, 1, "b");
    private final List<Endpoint> all = List.of(a1, a2, b1, b2, b3);
    private final Set<Endpoint> down = new HashSet<>();

    private ZoneAwareBalancer balancer(LbSettings settings) {
        return LoadBalancers.create(settings, all, "a", e -> !down.contains(e), new Picks.FakeTicker(),
                Picks.random());
    }

    @Test
    void theLocalZoneTakesAllTrafficWhileItHasHealthyEndpoints() {
        Map<Endpoint, Integer> counts = count(balancer(LbSettings.of(LbAlgorithm.ROUND_ROBIN)), 1_000);

        assertThat(counts).containsOnlyKeys(a1, a2).containsEntry(a1, 500);
    }

    @Test
    void retriesFailOverToOtherZonesOnceTheLocalOnesWereTried() {
        ZoneAwareBalancer balancer = balancer(LbSettings.of(LbAlgorithm.LEAST_REQUEST));

        assertThat(balancer.pick(List.of(a1))).isEqualTo(a2);
        assertThat(balancer.pick(List.of(a1, a2))).isIn(b1, b2, b3);
        assertThat(balancer.pick(all)).isNull();
    }

    @Test
    void trafficFailsOverWhenTheLocalZoneIsUnhealthyAndComesBack() {
        ZoneAwareBalancer balancer = balancer(LbSettings.of(LbAlgorithm.RANDOM));
        down.add(a1);
        down.add(a2);
        balancer.healthChanged();

        assertThat(count(balancer, 3_000)).containsOnlyKeys(b1, b2, b3);
        assertThat(balancer.selection().panic()).isFalse();

        down.clear();
        balancer.healthChanged();
        assertThat(count(balancer, 1_000)).containsOnlyKeys(a1, a2);
    }

    @Test
    void aSidecarInAZoneWithoutEndpointsUsesAllOfThem() {
        ZoneAwareBalancer balancer = LoadBalancers.create(LbSettings.of(LbAlgorithm.ROUND_ROBIN), all, "c",
                new Picks.FakeTicker(), Picks.random());

        assertThat(count(balancer, 1_000)).containsOnlyKeys(all).containsEntry(b3, 200);
    }

    @Test
    void zoneAwarenessCanBeTurnedOff() {
        Map<Endpoint, Integer> counts = count(balancer(LbSettings.of(LbAlgorithm.ROUND_ROBIN).withZoneAware(false)),
                1_000);

        assertThat(counts).containsOnlyKeys(all);
    }

    @Test
    void belowThePanicThresholdAllEndpointsTakeTrafficHealthyOrNot() {
        ZoneAwareBalancer balancer = balancer(LbSettings.of(LbAlgorithm.ROUND_ROBIN));
        down.addAll(List.of(a1, a2, b1));
        balancer.healthChanged();

        // 2 of 5 healthy = 40% < 50%: Envoy's panic mode spreads over all five, zones ignored.
        assertThat(balancer.selection().panic()).isTrue();
        assertThat(count(balancer, 1_000)).containsOnlyKeys(all).containsEntry(a1, 200);

        down.remove(b1);
        balancer.healthChanged();

        // 3 of 5 = 60%: out of panic, the healthy local zone is empty so the other healthy ones serve.
        assertThat(balancer.selection().panic()).isFalse();
        assertThat(count(balancer, 1_000)).containsOnlyKeys(b1, b2, b3);
    }

    @Test
    void aZeroPanicThresholdNeverPanicsAndReturnsNoEndpointWhenAllAreDown() {
        ZoneAwareBalancer balancer = balancer(LbSettings.of(LbAlgorithm.MAGLEV).withPanicThresholdPercent(0));
        down.addAll(all);
        balancer.healthChanged();

        assertThat(balancer.selection().panic()).isFalse();
        assertThat(balancer.pick(PickContext.FIRST)).isNull();
    }

    @Test
    void loadSurvivesAHealthChange() {
        ZoneAwareBalancer balancer = balancer(LbSettings.of(LbAlgorithm.LEAST_REQUEST).withZoneAware(false));
        for (int i = 0; i < 5; i++) {
            balancer.onStart(a1);
        }
        down.add(b3);
        balancer.healthChanged();

        // a1 is busy, so it wins only when drawn twice out of four healthy endpoints: 1/16.
        Map<Endpoint, Integer> counts = count(balancer, 4_000);
        assertThat(counts).doesNotContainKey(b3);
        assertThat(counts.get(a1)).isLessThan(400);
    }
}
