package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.MaglevSettings;
import io.banyan.dataplane.config.RingHashSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.banyan.sidecar.loadbalance.Picks.endpoints;
import static io.banyan.sidecar.loadbalance.Picks.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Ring hash and Maglev: stickiness, spread, weights, and how few keys move when an endpoint leaves. */
class ConsistentHashingTest {

    private static final Logger log = LoggerFactory.getLogger(ConsistentHashingTest.class);

    enum Kind {
        RING_HASH(endpoints -> new RingHash(endpoints, RingHashSettings.DEFAULT, Picks.random())),
        MAGLEV(endpoints -> new Maglev(endpoints, MaglevSettings.DEFAULT, Picks.random()));

        final Function<List<Endpoint>, LoadBalancer> build;

        Kind(Function<List<Endpoint>, LoadBalancer> build) {
            this.build = build;
        }
    }

    private static PickContext key(int i) {
        return PickContext.hashed(XxHash64.hash("user-" + i), List.of());
    }

    private static Map<Endpoint, Integer> countKeys(LoadBalancer balancer, int keys) {
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            counts.merge(balancer.pick(key(i)), 1, Integer::sum);
        }
        return counts;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theSameKeyAlwaysReachesTheSameEndpoint(Kind kind) {
        LoadBalancer balancer = kind.build.apply(endpoints(10));
        LoadBalancer rebuilt = kind.build.apply(endpoints(10));
        for (int i = 0; i < 1_000; i++) {
            Endpoint first = balancer.pick(key(i));
            assertThat(balancer.pick(key(i))).isEqualTo(first);
            assertThat(rebuilt.pick(key(i))).isEqualTo(first);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void thirtyThousandKeysOverThreeEqualEndpointsAreWithinTenPercent(Kind kind) {
        Map<Endpoint, Integer> counts = countKeys(kind.build.apply(endpoints(3)), 30_000);

        assertThat(counts).hasSize(3).allSatisfy((endpoint, n) -> assertThat(n).isCloseTo(10_000, within(1_000)));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void weightsOneTwoThreeSetTheSharesOfKeys(Kind kind) {
        List<Endpoint> endpoints = weighted(1, 2, 3);
        Map<Endpoint, Integer> counts = countKeys(kind.build.apply(endpoints), 60_000);

        assertThat(counts.get(endpoints.get(0))).isCloseTo(10_000, within(1_000));
        assertThat(counts.get(endpoints.get(1))).isCloseTo(20_000, within(2_000));
        assertThat(counts.get(endpoints.get(2))).isCloseTo(30_000, within(3_000));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whenOneOfTenEndpointsLeavesAtLeastNinetyPercentOfKeysStay(Kind kind) {
        List<Endpoint> ten = endpoints(10);
        LoadBalancer before = kind.build.apply(ten);
        double worst = 1;
        double worstOfStaying = 1;
        for (int leaving = 0; leaving < ten.size(); leaving++) {
            List<Endpoint> nine = new ArrayList<>(ten);
            Endpoint gone = nine.remove(leaving);
            LoadBalancer after = kind.build.apply(nine);
            int kept = 0;
            int onGone = 0;
            for (int i = 0; i < 10_000; i++) {
                Endpoint was = before.pick(key(i));
                if (was.equals(gone)) {
                    onGone++;
                } else if (after.pick(key(i)).equals(was)) {
                    kept++;
                }
            }
            double keptShare = kept / 10_000.0;
            double keptOfStayingEndpoints = kept / (10_000.0 - onGone);
            worst = Math.min(worst, keptShare);
            worstOfStaying = Math.min(worstOfStaying, keptOfStayingEndpoints);
            // Keys of the leaving endpoint must move; all others should stay (Maglev moves a few more).
            assertThat(keptOfStayingEndpoints).as("%s, endpoint %d leaving", kind, leaving).isGreaterThanOrEqualTo(
                    kind == Kind.RING_HASH ? 1.0 : 0.99);
            assertThat(keptShare).as("%s, endpoint %d leaving", kind, leaving).isGreaterThanOrEqualTo(
                    0.88);
        }
        log.info("{}: one of ten leaving keeps >= {} of all keys, >= {} of the staying endpoints' keys",
                kind, worst, worstOfStaying);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void retriesMoveOnToAnotherEndpointAndEndEmptyHanded(Kind kind) {
        List<Endpoint> three = endpoints(3);
        LoadBalancer balancer = kind.build.apply(three);
        for (int i = 0; i < 100; i++) {
            Endpoint first = balancer.pick(key(i));
            Endpoint second = balancer.pick(PickContext.hashed(XxHash64.hash("user-" + i), List.of(first)));
            assertThat(second).isNotNull().isNotEqualTo(first);
            assertThat(balancer.pick(PickContext.hashed(XxHash64.hash("user-" + i), List.of(first, second))))
                    .isNotIn(first, second).isNotNull();
        }
        assertThat(balancer.pick(PickContext.hashed(1, three))).isNull();
        assertThat(kind.build.apply(List.of()).pick(key(1))).isNull();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void requestsWithoutAKeySpreadAtRandom(Kind kind) {
        Map<Endpoint, Integer> counts = Picks.count(kind.build.apply(endpoints(3)), 30_000);

        assertThat(counts).hasSize(3).allSatisfy((endpoint, n) -> assertThat(n).isCloseTo(10_000, within(1_000)));
    }
}
