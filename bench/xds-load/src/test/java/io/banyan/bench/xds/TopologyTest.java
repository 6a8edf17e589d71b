package io.banyan.bench.xds;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyTest {

    @Test
    void every_node_declares_five_to_ten_distinct_other_services() {
        Topology topology = Topology.generate(300, 100, 10, 14);
        assertThat(topology.nodes()).hasSize(300);
        assertThat(topology.addresses()).hasSize(100).allSatisfy(addresses -> assertThat(addresses).hasSize(10));
        for (Topology.NodeSpec node : topology.nodes()) {
            assertThat(node.service()).isEqualTo(topology.services().get(node.index() % 100));
            assertThat(node.upstreams()).hasSizeBetween(5, 10).doesNotContain(node.service());
            assertThat(new HashSet<>(node.upstreams())).hasSameSizeAs(node.upstreams());
        }
    }

    @Test
    void declarations_are_skewed_towards_a_few_services() {
        int[] counts = Topology.generate(1000, 100, 1, 14).declarations();
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        assertThat(counts[0]).isGreaterThan(5 * sorted[50]);
        assertThat(sorted[99]).isEqualTo(counts[0]);
    }

    @Test
    void the_same_seed_makes_the_same_mesh() {
        assertThat(Topology.generate(50, 20, 2, 7)).isEqualTo(Topology.generate(50, 20, 2, 7));
        assertThat(Topology.generate(50, 20, 2, 7)).isNotEqualTo(Topology.generate(50, 20, 2, 8));
    }

    @Test
    void a_small_mesh_declares_what_there_is() {
        Topology topology = Topology.generate(3, 3, 1, 1);
        assertThat(topology.nodes()).allSatisfy(node -> assertThat(node.upstreams()).hasSize(2));
    }

    @Test
    void instance_addresses_are_unique_per_mesh() {
        Topology topology = Topology.generate(1, 300, 10, 1);
        assertThat(topology.addresses().stream().flatMap(java.util.List::stream).distinct().count()).isEqualTo(3000);
        assertThatThrownBy(() -> Topology.generate(1, 1, 255, 1)).hasMessageContaining("instancesPerService: 255");
    }
}
