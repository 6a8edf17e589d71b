package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Host on the shared outbound port that names no virtual host of the sidecar (a service it did not declare) is
 * answered 404 {@code no_route} with a text naming the service asked for and the declaration that is missing.
 */
class UndeclaredServiceIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @Test
    void anUndeclaredServiceIsAnsweredNoRouteNamingTheServiceAndTheFlag() throws IOException {
        try (AppUpstream orders = AppUpstream.start("orders-1")) {
            sidecars.forApp("orders", orders.port(), Duration.ofSeconds(10));
            Sidecar web = sidecars.clientThroughSharedPort("web", "orders");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);

            String answer = MeshClient.getWithHost(web.outboundPort(), "billing:8080");

            assertThat(answer).startsWith("HTTP/1.1 404").contains("x-banyan-error: no_route")
                    .endsWith("no_route: no route to 'billing' from this sidecar: it is not among the services this"
                            + " sidecar declared (add --upstream billing, or --upstream '*' for every service)");
            String flooded = MeshClient.getWithHost(web.outboundPort(), "x".repeat(2_000));
            assertThat(flooded).startsWith("HTTP/1.1 404")
                    .as("the client's host name is quoted cut to 64 characters")
                    .contains("no route to '" + "x".repeat(64) + "...' from").doesNotContain("x".repeat(65));
            assertThat(MeshClient.getWithHost(web.outboundPort(), "orders")).startsWith("HTTP/1.1 200");
            assertThat(orders.requests()).isEqualTo(1);
        }
    }
}
