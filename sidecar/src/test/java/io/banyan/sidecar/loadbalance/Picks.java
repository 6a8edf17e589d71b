package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.PeakEwmaSettings;
import io.banyan.primitives.time.Ticker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Endpoints, counted picks and fakes shared by the load-balancer tests. */
final class Picks {

    private Picks() {
    }

    static Endpoint endpoint(int port) {
        return endpoint(port, 1, "");
    }

    static Endpoint endpoint(int port, int weight, String zone) {
        return new Endpoint("10.0.0." + (port % 250 + 1), port, weight, zone, false, null);
    }

    static List<Endpoint> endpoints(int count) {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(endpoint(1000 + i));
        }
        return List.copyOf(list);
    }

    static List<Endpoint> weighted(int... weights) {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(endpoint(2000 + i, weights[i], ""));
        }
        return List.copyOf(list);
    }

    /** How often each endpoint is picked in {@code picks} first attempts. */
    static Map<Endpoint, Integer> count(LoadBalancer balancer, int picks) {
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.pick(PickContext.FIRST), 1, Integer::sum);
        }
        return counts;
    }

    static Random random() {
        return new Random(42);
    }

    /** A ticker moved by hand. */
    static final class FakeTicker implements Ticker {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);

        @Override
        public long nanoTime() {
            return now.get();
        }

        void advanceNanos(long nanos) {
            now.addAndGet(nanos);
        }
    }

    static EndpointLoads loads(List<Endpoint> endpoints, Ticker ticker) {
        return new EndpointLoads(endpoints, ticker, PeakEwmaSettings.DEFAULT);
    }
}
