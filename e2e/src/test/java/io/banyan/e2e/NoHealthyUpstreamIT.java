package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A service without a healthy instance answers 503 naming the cause, never an empty 503. */
class NoHealthyUpstreamIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();

    @Test
    void serviceWithoutInstancesAnswers503NoHealthyUpstream() {
        Sidecar web = sidecars.client("web", "payments");

        HttpResponse<String> response = client.get(web.upstreamPort("payments"), "/charge");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("no_healthy_upstream");
        assertThat(response.body()).contains("no_healthy_upstream");
    }

    @Test
    void serviceWhoseOnlyInstanceExpiredAnswers503NoHealthyUpstream() {
        controlPlane.admin().register("payments", "127.0.0.1", 9, 1);
        Sidecar web = sidecars.client("web", "payments");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "payments") == 0);

        HttpResponse<String> response = client.get(web.upstreamPort("payments"), "/charge");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("no_healthy_upstream");
    }
}
