package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbAlgorithm;
import io.banyan.dataplane.config.LbSettings;
import io.banyan.primitives.random.PerThreadRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static io.banyan.sidecar.loadbalance.Picks.endpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What every algorithm built by {@link LoadBalancers} must do. */
class AllAlgorithmsTest {

    private static ZoneAwareBalancer balancer(LbAlgorithm algorithm, List<Endpoint> endpoints) {
        return LoadBalancers.create(LbSettings.of(algorithm), endpoints, "", new Picks.FakeTicker(),
                PerThreadRandom.get());
    }

    private static boolean hashing(LbAlgorithm algorithm) {
        return algorithm == LbAlgorithm.RING_HASH || algorithm == LbAlgorithm.MAGLEV;
    }

    @ParameterizedTest
    @EnumSource(LbAlgorithm.class)
    void thirtyThousandPicksOverThreeEqualEndpointsAreWithinFivePercent(LbAlgorithm algorithm) {
        // Hashing algorithms hash keyless requests at random; their ring/table shares add up to 10% more.
        int bound = hashing(algorithm) ? 1_000 : 500;
        Map<Endpoint, Integer> counts = Picks.count(
                LoadBalancers.create(LbSettings.of(algorithm), endpoints(3), "", new Picks.FakeTicker(),
                        Picks.random()), 30_000);

        assertThat(counts).hasSize(3).allSatisfy((endpoint, n) -> assertThat(n).isCloseTo(10_000, within(bound)));
    }

    @ParameterizedTest
    @EnumSource(LbAlgorithm.class)
    void weightsOneTwoThreeHold(LbAlgorithm algorithm) {
        List<Endpoint> endpoints = Picks.weighted(1, 2, 3);
        double tolerance = hashing(algorithm) ? 0.10 : 0.05;
        Map<Endpoint, Integer> counts = Picks.count(
                LoadBalancers.create(LbSettings.of(algorithm), endpoints, "", new Picks.FakeTicker(),
                        Picks.random()), 60_000);

        for (int i = 0; i < 3; i++) {
            int expected = 10_000 * (i + 1);
            assertThat(counts.get(endpoints.get(i))).as("%s, weight %d", algorithm, i + 1)
                    .isCloseTo(expected, within((int) (expected * tolerance)));
        }
    }

    @ParameterizedTest
    @EnumSource(LbAlgorithm.class)
    void triedEndpointsAreSkipped(LbAlgorithm algorithm) {
        List<Endpoint> five = endpoints(5);
        ZoneAwareBalancer balancer = balancer(algorithm, five);
        for (int leftOut = 0; leftOut < five.size(); leftOut++) {
            List<Endpoint> tried = new ArrayList<>(five);
            Endpoint remaining = tried.remove(leftOut);
            for (int i = 0; i < 20; i++) {
                assertThat(balancer.pick(tried)).isEqualTo(remaining);
                assertThat(balancer.pick(PickContext.hashed(i * 7919L, tried))).isEqualTo(remaining);
            }
        }
        assertThat(balancer.pick(five)).isNull();
        assertThat(balancer(algorithm, List.of()).pick(PickContext.FIRST)).isNull();
    }

    @ParameterizedTest
    @EnumSource(LbAlgorithm.class)
    void concurrentPicksFromFourThreadsAllLandAndAddUp(LbAlgorithm algorithm) throws Exception {
        List<Endpoint> ten = endpoints(10);
        ZoneAwareBalancer balancer = balancer(algorithm, ten);
        Map<Endpoint, LongAdder> counts = new ConcurrentHashMap<>();
        int threads = 4;
        int picksPerThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < picksPerThread; i++) {
                        Endpoint picked = balancer.pick(PickContext.FIRST);
                        balancer.onStart(picked);
                        counts.computeIfAbsent(picked, e -> new LongAdder()).increment();
                        balancer.onEnd(picked, 1_000_000, true);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(counts.keySet()).isSubsetOf(ten).hasSizeGreaterThan(5);
        assertThat(counts.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo((long) threads * picksPerThread);
        assertThat(ten).allSatisfy(endpoint -> assertThat(balancer.loads().get(endpoint).active()).isZero());
    }
}
