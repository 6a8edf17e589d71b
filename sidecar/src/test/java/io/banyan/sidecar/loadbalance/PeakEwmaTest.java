package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.banyan.sidecar.loadbalance.Picks.count;
import static io.banyan.sidecar.loadbalance.Picks.endpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PeakEwmaTest {

    private static final long MS = 1_000_000L;

    private final Picks.FakeTicker ticker = new Picks.FakeTicker();
    private final List<Endpoint> endpoints = endpoints(3);
    private final PeakEwma balancer = new PeakEwma(endpoints, Picks.loads(endpoints, ticker), Picks.random());

    @Test
    void unmeasuredEndpointsShareEvenly() {
        Map<Endpoint, Integer> counts = count(balancer, 30_000);

        assertThat(counts).hasSize(3).allSatisfy((endpoint, n) -> assertThat(n).isCloseTo(10_000, within(500)));
    }

    @Test
    void trafficMovesAwayFromASlowEndpoint() {
        Endpoint slow = endpoints.get(0);
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            Endpoint picked = balancer.pick(PickContext.FIRST);
            balancer.onStart(picked);
            ticker.advanceNanos(MS);
            balancer.onEnd(picked, picked.equals(slow) ? 200 * MS : 5 * MS, true);
            counts.merge(picked, 1, Integer::sum);
        }

        // The slow endpoint is picked only when drawn twice (1/9) until its estimate decays again.
        assertThat(counts.getOrDefault(slow, 0)).isLessThan(3_000 / 8);
        assertThat(counts.get(endpoints.get(1)) + counts.get(endpoints.get(2))).isGreaterThan(3_000 * 7 / 8);
    }

    @Test
    void aSlowEndpointWinsTrafficBackAsItsPeakDecays() {
        Endpoint slow = endpoints.get(0);
        EndpointLoads loads = Picks.loads(endpoints, ticker);
        PeakEwma fresh = new PeakEwma(endpoints, loads, Picks.random());
        fresh.onStart(slow);
        fresh.onEnd(slow, 500 * MS, true);
        double peak = loads.get(slow).rttEstimateNanos();

        ticker.advanceNanos(60_000 * MS);
        fresh.onStart(endpoints.get(1));
        fresh.onEnd(endpoints.get(1), 5 * MS, true);

        assertThat(peak).isEqualTo(500 * MS, within(1.0));
        assertThat(loads.get(slow).rttEstimateNanos()).isLessThan(loads.get(endpoints.get(1)).rttEstimateNanos());
    }

    @Test
    void busyEndpointsCostMore() {
        EndpointLoads loads = Picks.loads(endpoints, ticker);
        EndpointLoad load = loads.get(endpoints.get(0));
        double idle = load.peakEwmaCost();

        load.onStart();
        load.onStart();

        assertThat(load.active()).isEqualTo(2);
        assertThat(load.peakEwmaCost()).isEqualTo(idle * 3, within(1.0));
    }
}
