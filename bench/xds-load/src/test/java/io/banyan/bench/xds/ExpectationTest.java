package io.banyan.bench.xds;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectationTest {

    private final FakeNode node = new FakeNode("orders");

    @Test
    void an_endpoint_is_present_with_the_weight_asked_for() {
        node.endpoints.put("orders", Assignments.of("orders", "10.0.0.1:8080@1", "10.0.0.2:8080@3"));
        assertThat(new Expectation.EndpointPresent("orders", "10.0.0.2:8080", 3).metBy(node)).isTrue();
        assertThat(new Expectation.EndpointPresent("orders", "10.0.0.2:8080", 0).metBy(node)).isTrue();
        assertThat(new Expectation.EndpointPresent("orders", "10.0.0.2:8080", 2).metBy(node)).isFalse();
        assertThat(new Expectation.EndpointPresent("orders", "10.0.0.3:8080", 0).metBy(node)).isFalse();
        assertThat(new Expectation.EndpointPresent("billing", "10.0.0.1:8080", 0).metBy(node)).isFalse();
    }

    @Test
    void an_endpoint_is_absent_from_the_assignment_or_with_the_assignment() {
        node.endpoints.put("orders", Assignments.of("orders", "10.0.0.1:8080@1"));
        assertThat(new Expectation.EndpointAbsent("orders", "10.0.0.1:8080").metBy(node)).isFalse();
        assertThat(new Expectation.EndpointAbsent("orders", "10.0.0.2:8080").metBy(node)).isTrue();
        assertThat(new Expectation.EndpointAbsent("billing", "10.0.0.1:8080").metBy(node)).isTrue();
    }

    @Test
    void a_policy_change_shows_as_the_clusters_connect_timeout() {
        node.clusters.put("orders", Cluster.newBuilder().setName("orders")
                .setConnectTimeout(Duration.newBuilder().setSeconds(1).setNanos(250_000_000)).build());
        assertThat(new Expectation.ConnectTimeout("orders", 1_250).metBy(node)).isTrue();
        assertThat(new Expectation.ConnectTimeout("orders", 1_000).metBy(node)).isFalse();
        assertThat(new Expectation.ConnectTimeout("billing", 1_250).metBy(node)).isFalse();
    }
}
