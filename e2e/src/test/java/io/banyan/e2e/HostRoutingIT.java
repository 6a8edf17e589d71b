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

/** The shared outbound port routes by Host to the named service, over the whole mesh path. */
class HostRoutingIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @Test
    void hostHeaderPicksTheServiceOnTheSharedOutboundPort() throws IOException {
        try (AppUpstream orders = AppUpstream.start("orders-1");
             AppUpstream payments = AppUpstream.start("payments-1")) {
            sidecars.forApp("orders", orders.port(), Duration.ofSeconds(10));
            sidecars.forApp("payments", payments.port(), Duration.ofSeconds(10));
            Sidecar web = sidecars.client("web", "orders", "payments");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1
                    && MeshClient.endpointCount(web, "payments") == 1);

            assertThat(MeshClient.getWithHost(web.outboundPort(), "orders")).startsWith("HTTP/1.1 200").endsWith("orders-1");
            assertThat(MeshClient.getWithHost(web.outboundPort(), "payments:8080")).startsWith("HTTP/1.1 200").endsWith("payments-1");
            assertThat(MeshClient.getWithHost(web.outboundPort(), "unknown")).startsWith("HTTP/1.1 404").contains("x-banyan-error: no_route");
            assertThat(orders.requests()).isEqualTo(1);
            assertThat(payments.requests()).isEqualTo(1);
        }
    }

    @Test
    void aServiceTheSidecarDidNotDeclareIsNoRouteOnTheSharedOutboundPort_andADeclarationOrStarReachesIt() throws IOException {
        try (AppUpstream orders = AppUpstream.start("orders-1");
             AppUpstream billing = AppUpstream.start("billing-1")) {
            sidecars.forApp("orders", orders.port(), Duration.ofSeconds(10));
            sidecars.forApp("billing", billing.port(), Duration.ofSeconds(10));
            Sidecar web = sidecars.client("web", "orders");
            Sidecar declared = sidecars.clientThroughSharedPort("reports", "billing");
            Sidecar everything = sidecars.clientOfEveryService("admin-ui");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1
                    && MeshClient.endpointCount(everything, "billing") == 1
                    && MeshClient.endpointCount(declared, "billing") == 1);

            assertThat(MeshClient.getWithHost(web.outboundPort(), "orders")).startsWith("HTTP/1.1 200");
            assertThat(MeshClient.getWithHost(web.outboundPort(), "billing")).startsWith("HTTP/1.1 404")
                    .contains("x-banyan-error: no_route")
                    .contains("no route to 'billing' from this sidecar").contains("--upstream billing");
            assertThat(MeshClient.getWithHost(declared.outboundPort(), "billing")).startsWith("HTTP/1.1 200")
                    .endsWith("billing-1");
            assertThat(MeshClient.getWithHost(declared.outboundPort(), "orders")).startsWith("HTTP/1.1 404");
            assertThat(MeshClient.getWithHost(everything.outboundPort(), "billing")).startsWith("HTTP/1.1 200")
                    .endsWith("billing-1");
            assertThat(billing.requests()).isEqualTo(2);
        }
    }
}
