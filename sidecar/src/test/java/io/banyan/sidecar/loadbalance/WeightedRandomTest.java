package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.banyan.sidecar.loadbalance.Picks.count;
import static io.banyan.sidecar.loadbalance.Picks.endpoints;
import static io.banyan.sidecar.loadbalance.Picks.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightedRandomTest {

    @Test
    void thirtyThousandPicksOverThreeEqualEndpointsAreWithinFivePercent() {
        Map<Endpoint, Integer> counts = count(new WeightedRandom(endpoints(3), Picks.random()), 30_000);

        assertThat(counts).hasSize(3).allSatisfy((endpoint, n) -> assertThat(n).isCloseTo(10_000, within(500)));
    }

    @Test
    void weightsOneTwoThreeSetTheShares() {
        List<Endpoint> endpoints = weighted(1, 2, 3);
        Map<Endpoint, Integer> counts = count(new WeightedRandom(endpoints, Picks.random()), 60_000);

        assertThat(counts.get(endpoints.get(0))).isCloseTo(10_000, within(500));
        assertThat(counts.get(endpoints.get(1))).isCloseTo(20_000, within(1_000));
        assertThat(counts.get(endpoints.get(2))).isCloseTo(30_000, within(1_500));
    }

    @Test
    void retriesAvoidTriedEndpointsAndEndEmptyHanded() {
        List<Endpoint> endpoints = weighted(1, 1, 50);
        WeightedRandom balancer = new WeightedRandom(endpoints, Picks.random());

        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(List.of(endpoints.get(2), endpoints.get(0)))).isEqualTo(endpoints.get(1));
        }
        assertThat(balancer.pick(endpoints)).isNull();
        assertThat(new WeightedRandom(List.of(), Picks.random()).pick(List.of())).isNull();
    }
}
