package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LeastRequestSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.banyan.sidecar.loadbalance.Picks.count;
import static io.banyan.sidecar.loadbalance.Picks.endpoints;
import static io.banyan.sidecar.loadbalance.Picks.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LeastRequestTest {

    private final Picks.FakeTicker ticker = new Picks.FakeTicker();

    private LeastRequest balancer(List<Endpoint> endpoints) {
        return new LeastRequest(endpoints, Picks.loads(endpoints, ticker), LeastRequestSettings.DEFAULT,
                Picks.random());
    }

    @Test
    void withoutLoadThreeEqualEndpointsShareWithinFivePercent() {
        Map<Endpoint, Integer> counts = count(balancer(endpoints(3)), 30_000);

        assertThat(counts).hasSize(3).allSatisfy((endpoint, n) -> assertThat(n).isCloseTo(10_000, within(500)));
    }

    @Test
    void withoutLoadWeightsOneTwoThreeSetTheShares() {
        List<Endpoint> endpoints = weighted(1, 2, 3);
        Map<Endpoint, Integer> counts = count(balancer(endpoints), 60_000);

        assertThat(counts.get(endpoints.get(0))).isCloseTo(10_000, within(500));
        assertThat(counts.get(endpoints.get(1))).isCloseTo(20_000, within(1_000));
        assertThat(counts.get(endpoints.get(2))).isCloseTo(30_000, within(1_500));
    }

    @Test
    void theBusyEndpointWinsOnlyWhenDrawnTwice() {
        List<Endpoint> endpoints = endpoints(3);
        LeastRequest balancer = balancer(endpoints);
        for (int i = 0; i < 10; i++) {
            balancer.onStart(endpoints.get(0));
        }

        Map<Endpoint, Integer> counts = count(balancer, 9_000);

        // Two uniform draws both land on the busy endpoint with probability 1/9.
        assertThat(counts.get(endpoints.get(0))).isCloseTo(1_000, within(200));
        assertThat(counts.get(endpoints.get(1))).isCloseTo(4_000, within(300));
        assertThat(counts.get(endpoints.get(2))).isCloseTo(4_000, within(300));
    }

    @Test
    void requestsThatEndNoLongerCount() {
        List<Endpoint> endpoints = endpoints(2);
        LeastRequest balancer = balancer(endpoints);
        balancer.onStart(endpoints.get(0));
        for (int i = 0; i < 100; i++) {
            Endpoint picked = balancer.pick(List.of());
            assertThat(picked).isIn(endpoints);
        }
        assertThat(count(balancer, 1_000).get(endpoints.get(1))).isGreaterThan(700);

        balancer.onEnd(endpoints.get(0), 1_000_000, true);

        assertThat(count(balancer, 2_000).get(endpoints.get(0))).isCloseTo(1_000, within(100));
    }

    @Test
    void activeRequestBiasWeighsLoadAgainstWeight() {
        List<Endpoint> endpoints = weighted(1, 4);
        LeastRequest balancer = balancer(endpoints);
        balancer.onStart(endpoints.get(0));
        for (int i = 0; i < 3; i++) {
            balancer.onStart(endpoints.get(1));
        }

        // cost = active / weight: 1/1 for the light endpoint, 3/4 for the heavy one, so the heavy one wins
        // every mixed draw.
        Map<Endpoint, Integer> counts = count(balancer, 10_000);
        assertThat(counts.get(endpoints.get(0))).isCloseTo(400, within(150));
    }
}
