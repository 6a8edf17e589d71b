package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance whose app died while its sidecar still runs answers 503 {@code connect_failure}: its app never got the
 * request, so the calling sidecar retries it on another instance, even a POST, before the registry notices.
 */
class UndeliveredRetryIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private final List<AppUpstream> apps = new ArrayList<>();

    @AfterEach
    void close() {
        apps.forEach(AppUpstream::close);
    }

    @Test
    void requestsThatNeverReachedADeadAppAreRetriedElsewhere() throws Exception {
        for (String name : List.of("orders-1", "orders-2", "orders-3")) {
            AppUpstream app = AppUpstream.start(name);
            apps.add(app);
            sidecars.forApp("orders", app.port(), Duration.ofSeconds(30));
        }
        Sidecar web = sidecars.client("web", "orders");
        await().atMost(Duration.ofSeconds(20)).until(() -> MeshClient.endpointCount(web, "orders") == 3);

        apps.get(1).close(); // its sidecar stays registered (30 s TTL) and answers connect_failure
        for (int i = 0; i < 150; i++) {
            HttpResponse<String> get = client.get(web.upstreamPort("orders"), "/orders");
            assertThat(get.statusCode()).as(get.headers().map().toString()).isEqualTo(200);
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(MeshClient.uri(web.upstreamPort("orders"), "/orders"))
                    .POST(HttpRequest.BodyPublishers.ofString("order " + i)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(post.headers().map().toString()).isEqualTo(200);
        }
        assertThat(apps.get(0).requests() + apps.get(2).requests()).isEqualTo(300);
    }
}
