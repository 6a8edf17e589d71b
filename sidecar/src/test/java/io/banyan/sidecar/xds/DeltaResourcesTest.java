package io.banyan.sidecar.xds;

import com.google.protobuf.Any;
import io.banyan.dataplane.xds.XdsType;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaResourcesTest {

    private final DeltaResources resources = new DeltaResources();

    @Test
    void aWildcardTypeIsAppliedAsTheStateOfTheWorldTheDeltaLeaves() {
        resources.apply(XdsType.CLUSTER, clusters("v1", "", "orders", "payments"));

        AdsResponse applied = resources.apply(XdsType.CLUSTER, clusters("v2", "payments", "fresh"));

        assertThat(applied.version()).isEqualTo("v2");
        assertThat(applied.nonce()).isEqualTo("n-v2");
        assertThat(applied.resources()).containsExactlyInAnyOrder(cluster("orders"), cluster("fresh"));
        assertThat(resources.versions(XdsType.CLUSTER)).isEqualTo(Map.of("orders", "h-orders", "fresh", "h-fresh"));
    }

    @Test
    void aNamedTypeIsAppliedWithWhatWasSentOnly() {
        resources.apply(XdsType.ENDPOINT, endpoints("v1", "orders", "payments"));

        AdsResponse applied = resources.apply(XdsType.ENDPOINT, endpoints("v2", "orders"));

        assertThat(applied.resources()).containsExactly(Any.pack(XdsResources.endpoints("orders", "a", 8080)));
        assertThat(resources.versions(XdsType.ENDPOINT)).containsOnlyKeys("orders", "payments");
    }

    @Test
    void aNamedTypeForgetsWhatIsNoLongerSubscribed() {
        resources.apply(XdsType.ENDPOINT, endpoints("v1", "orders", "payments"));

        resources.retain(XdsType.ENDPOINT, java.util.Set.of("orders"));

        assertThat(resources.versions(XdsType.ENDPOINT)).containsOnlyKeys("orders");
    }

    private static DeltaDiscoveryResponse clusters(String version, String removed, String... added) {
        DeltaDiscoveryResponse.Builder response = DeltaDiscoveryResponse.newBuilder()
                .setTypeUrl(XdsType.CLUSTER.typeUrl()).setSystemVersionInfo(version).setNonce("n-" + version);
        if (!removed.isEmpty()) {
            response.addRemovedResources(removed);
        }
        for (String name : added) {
            response.addResources(Resource.newBuilder().setName(name).setVersion("h-" + name)
                    .setResource(cluster(name)));
        }
        return response.build();
    }

    private static DeltaDiscoveryResponse endpoints(String version, String... added) {
        DeltaDiscoveryResponse.Builder response = DeltaDiscoveryResponse.newBuilder()
                .setTypeUrl(XdsType.ENDPOINT.typeUrl()).setSystemVersionInfo(version).setNonce("n-" + version);
        for (String name : added) {
            response.addResources(Resource.newBuilder().setName(name).setVersion("h-" + name)
                    .setResource(Any.pack(XdsResources.endpoints(name, "a", 8080))));
        }
        return response.build();
    }

    private static Any cluster(String name) {
        return Any.pack(XdsResources.edsCluster(name));
    }
}
