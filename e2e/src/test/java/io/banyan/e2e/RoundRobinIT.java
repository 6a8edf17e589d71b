package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Requests spread evenly over the healthy instances of a service, registered by API or by sidecars. */
class RoundRobinIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private final List<AppUpstream> upstreams = new ArrayList<>();

    @AfterEach
    void stopUpstreams() {
        upstreams.forEach(AppUpstream::close);
    }

    @Test
    void threeRegisteredInstancesShareThreeHundredRequests() throws IOException {
        for (int i = 1; i <= 3; i++) {
            AppUpstream upstream = AppUpstream.start("orders-" + i);
            upstreams.add(upstream);
            controlPlane.admin().register("orders", "127.0.0.1", upstream.port(), null);
        }
        Sidecar web = sidecars.client("web", "orders");
        int port = web.upstreamPort("orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 3);

        for (int i = 0; i < 300; i++) {
            assertThat(client.get(port, "/orders").statusCode()).isEqualTo(200);
        }

        for (AppUpstream upstream : upstreams) {
            assertThat(upstream.requests()).as(upstream.name()).isBetween(80, 120);
        }
    }

    @Test
    void instancesBehindTheirOwnSidecarsShareTheLoadOverTheMeshPath() throws IOException {
        for (int i = 1; i <= 3; i++) {
            AppUpstream upstream = AppUpstream.start("orders-" + i);
            upstreams.add(upstream);
            sidecars.forApp("orders", upstream.port(), Duration.ofSeconds(10));
        }
        Sidecar web = sidecars.client("web", "orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 3);

        for (int i = 0; i < 300; i++) {
            assertThat(client.get(web.upstreamPort("orders"), "/orders").statusCode()).isEqualTo(200);
        }

        for (AppUpstream upstream : upstreams) {
            assertThat(upstream.requests()).as(upstream.name()).isBetween(80, 120);
        }
    }
}
