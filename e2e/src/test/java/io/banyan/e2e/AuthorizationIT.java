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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #5, authorization: an {@code orders} instance behind its sidecar allows only {@code web} (admin API → RBAC
 * filter of its inbound listener); {@code billing} gets 403 unauthorized until an authorization change pushed at
 * runtime allows it too.
 */
class AuthorizationIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private AppUpstream orders;

    @AfterEach
    void stopUpstream() {
        if (orders != null) {
            orders.close();
        }
    }

    @Test
    void aDeniedCallerGets403AndIsAllowedAfterARuntimeChange() throws IOException {
        assertThat(allow("web").statusCode()).isEqualTo(200);
        orders = AppUpstream.start("orders");
        sidecars.forApp("orders", orders.port(), Duration.ofSeconds(10));
        Sidecar web = sidecars.client("web", "orders");
        Sidecar billing = sidecars.client("billing", "orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1
                && MeshClient.endpointCount(billing, "orders") == 1);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> client.get(web.upstreamPort("orders"), "/orders").statusCode() == 200);
        HttpResponse<String> fromWeb = client.get(web.upstreamPort("orders"), "/orders");
        assertThat(fromWeb.statusCode()).isEqualTo(200);
        assertThat(fromWeb.body()).isEqualTo("orders");
        int served = orders.requests();

        HttpResponse<String> fromBilling = client.get(billing.upstreamPort("orders"), "/orders");
        assertThat(fromBilling.statusCode()).isEqualTo(403);
        assertThat(fromBilling.headers().firstValue("x-banyan-error")).hasValue("unauthorized");
        assertThat(orders.requests()).as("the app saw nothing of the denied call").isEqualTo(served);

        assertThat(allow("web", "billing").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> client.get(billing.upstreamPort("orders"), "/orders").statusCode() == 200);
        assertThat(client.get(web.upstreamPort("orders"), "/orders").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> allow(String... callers) {
        return controlPlane.admin().send("PUT", "/v1/services/orders/authorization", Map.of("allow", List.of(callers)));
    }
}
