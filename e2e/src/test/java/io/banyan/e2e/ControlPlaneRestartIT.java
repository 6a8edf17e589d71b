package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.CountingUpstream;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A sidecar keeps routing on its last config while the control plane is down, then reconnects. */
class ControlPlaneRestartIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();

    @Test
    void sidecarRoutesOnItsLastConfigAndReconnectsAfterARestart() throws Exception {
        try (CountingUpstream first = new CountingUpstream("orders-1");
             CountingUpstream second = new CountingUpstream("orders-2");
             CountingUpstream late = new CountingUpstream("orders-late")) {
            controlPlane.admin().register("orders", "127.0.0.1", first.port(), null);
            controlPlane.admin().register("orders", "127.0.0.1", second.port(), null);
            Sidecar web = sidecars.client("web", "orders");
            int port = web.upstreamPort("orders");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 2);

            controlPlane.stop();
            for (int i = 0; i < 50; i++) {
                assertThat(client.get(port, "/").statusCode()).as("request %d while the control plane is down", i)
                        .isEqualTo(200);
            }
            assertThat(first.requests()).isEqualTo(25);
            assertThat(second.requests()).isEqualTo(25);

            controlPlane.restart();
            assertThat(controlPlane.admin().service("orders").get("instances")).as("instances survived the restart")
                    .hasSize(2);
            controlPlane.admin().register("orders", "127.0.0.1", late.port(), null);

            await().atMost(Duration.ofSeconds(30)).until(() -> MeshClient.endpointCount(web, "orders") == 3);
            for (int i = 0; i < 30; i++) {
                assertThat(client.get(port, "/").statusCode()).isEqualTo(200);
            }
            // its share of round robin (a config push in between may restart the rotation: not exactly 10)
            assertThat(late.requests()).as("instance registered after the restart").isBetween(7, 13);
        }
    }
}
