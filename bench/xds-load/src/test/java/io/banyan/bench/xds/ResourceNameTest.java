package io.banyan.bench.xds;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceNameTest {

    @Test
    void the_name_is_read_without_parsing_the_resource() {
        assertThat(ResourceName.of(Any.pack(Cluster.newBuilder().setName("orders")
                .setType(Cluster.DiscoveryType.EDS).build()))).isEqualTo("orders");
        assertThat(ResourceName.of(Any.pack(Assignments.of("billing", "10.0.0.1:8080@1")))).isEqualTo("billing");
        assertThat(ResourceName.of(Any.pack(RouteConfiguration.newBuilder().setName("upstream|orders").build())))
                .isEqualTo("upstream|orders");
    }

    @Test
    void a_resource_without_a_name_is_refused_with_its_type() {
        assertThatThrownBy(() -> ResourceName.of(Any.newBuilder().setTypeUrl("type.example/X")
                .setValue(ByteString.copyFrom(new byte[] {0x10, 0x01})).build()))
                .hasMessageContaining("type.example/X").hasMessageContaining("no name");
    }
}
