package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import io.banyan.testkit.xds.XdsResources;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceDecoderTest {

    private final ResourceDecoder decoder = new ResourceDecoder();

    @Test
    void decodesEveryResourceByName() {
        var decoded = decoder.clusters(List.of(Any.pack(XdsResources.edsCluster("a")),
                Any.pack(XdsResources.edsCluster("b"))));

        assertThat(decoded.valid()).isTrue();
        assertThat(decoded.resources()).containsOnlyKeys("a", "b");
    }

    @Test
    void collectsEveryErrorOfAResponse() {
        var decoded = decoder.listeners(List.of(
                Any.pack(XdsResources.listener("outbound|1", 70000, "r")),
                Any.pack(XdsResources.edsCluster("not-a-listener")),
                Any.pack(XdsResources.listener("outbound|2", 2, "r")),
                Any.pack(XdsResources.listener("outbound|2", 3, "r"))));

        assertThat(decoded.valid()).isFalse();
        assertThat(decoded.errorMessage()).isEqualTo(
                "listener outbound|1: port_value 70000 (expected: 1..65535); "
                        + "resources[1]: type type.googleapis.com/envoy.config.cluster.v3.Cluster "
                        + "(expected: type.googleapis.com/envoy.config.listener.v3.Listener); "
                        + "listener outbound|2: name repeated (expected: unique names in a response)");
    }

    @Test
    void namesEachRefusedResourceSoTheRestCanBeAppliedWithoutIt() {
        var decoded = decoder.listeners(List.of(
                Any.pack(XdsResources.listener("outbound|1", 70000, "r")),
                Any.pack(XdsResources.listener("outbound|9", 9, "r")),
                Any.pack(XdsResources.listener("outbound|2", 2, "r")),
                Any.pack(XdsResources.listener("outbound|2", 3, "r"))));

        assertThat(decoded.resources()).containsOnlyKeys("outbound|9");
        assertThat(decoded.rejected()).containsOnlyKeys("outbound|1", "outbound|2");
        assertThat(decoded.rejected().get("outbound|1")).isEqualTo("listener outbound|1: port_value 70000 (expected: 1..65535)");
        assertThat(decoded.rejected().get("outbound|2")).contains("name repeated");
    }
}
