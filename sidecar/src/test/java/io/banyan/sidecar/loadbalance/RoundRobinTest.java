package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoundRobinTest {

    private static Endpoint endpoint(int port) {
        return new Endpoint("127.0.0.1", port, 1, "", false, null);
    }

    private final List<Endpoint> three = List.of(endpoint(1001), endpoint(1002), endpoint(1003));

    @Test
    void spreadsEvenly() {
        RoundRobin balancer = new RoundRobin(three);
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            counts.merge(balancer.pick(List.of()), 1, Integer::sum);
        }
        assertThat(counts).hasSize(3).allSatisfy((endpoint, count) -> assertThat(count).isEqualTo(100));
    }

    @Test
    void weightsSetTheShareAndHeavyEndpointsAreInterleaved() {
        Endpoint heavy = new Endpoint("127.0.0.1", 2001, 3, "", false, null);
        Endpoint light = new Endpoint("127.0.0.1", 2002, 1, "", false, null);
        RoundRobin balancer = new RoundRobin(List.of(heavy, light));

        List<Endpoint> picks = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            picks.add(balancer.pick(List.of()));
        }

        assertThat(picks).containsExactly(heavy, light, heavy, heavy, heavy, light, heavy, heavy);
    }

    @Test
    void skipsTriedEndpointsAndReturnsNullWhenAllWereTried() {
        RoundRobin balancer = new RoundRobin(three);
        Endpoint first = balancer.pick(List.of());
        Endpoint second = balancer.pick(List.of(first));
        assertThat(second).isNotEqualTo(first);
        Endpoint third = balancer.pick(List.of(first, second));
        assertThat(third).isNotIn(first, second);
        assertThat(balancer.pick(three)).isNull();
        assertThat(new RoundRobin(List.of()).pick(List.of())).isNull();
    }

    @Test
    void stateSurvivesAConfigWithTheSameEndpoints() {
        RequestMetrics metrics = new RequestMetrics(new SimpleMeterRegistry());
        Clusters first = Clusters.from(config(three), Clusters.EMPTY, metrics);
        LoadBalancer balancer = first.get("orders").loadBalancer();
        Endpoint picked = balancer.pick(List.of());

        Clusters same = Clusters.from(config(List.copyOf(three)), first, metrics);
        assertThat(same.get("orders").loadBalancer()).isSameAs(balancer);
        assertThat(same.get("orders").loadBalancer().pick(List.of())).isNotEqualTo(picked);

        Clusters changed = Clusters.from(config(three.subList(0, 2)), same, metrics);
        assertThat(changed.get("orders").loadBalancer()).isNotSameAs(balancer);
        assertThat(changed.get("orders").loadBalancer().endpoints()).hasSize(2);
    }

    private static MeshConfig config(List<Endpoint> endpoints) {
        ClusterConfig cluster = new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        return new MeshConfig(Map.of(), Map.of(), Map.of("orders", cluster),
                Map.of("orders", new ClusterEndpoints("orders", endpoints)), Map.of());
    }
}
