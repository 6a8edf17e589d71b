package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sidecar keeps routing on its last config while the control plane is down, then reconnects; an outage longer than
 * the instances' TTL fails no request.
 */
class ControlPlaneRestartIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();

    @Test
    void sidecarRoutesOnItsLastConfigAndReconnectsAfterARestart() throws Exception {
        try (AppUpstream first = AppUpstream.start("orders-1");
             AppUpstream second = AppUpstream.start("orders-2");
             AppUpstream late = AppUpstream.start("orders-late")) {
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

    /**
     * The control plane is down for longer than the TTL of the only instance of {@code orders}, under steady load
     * through a client sidecar. After the restart the registry keeps the restored instance in its startup grace until
     * its sidecar heartbeats again (instead of expiring it one TTL after the start and pushing an empty endpoint
     * list), and both sidecars re-dial on their own backoff, not gRPC's.
     */
    @Test
    void anOutageLongerThanTheTtlFailsNoRequest() throws Exception {
        Duration ttl = Duration.ofSeconds(1);
        try (AppUpstream app = AppUpstream.start("orders-1")) {
            Sidecar orders = sidecars.forApp("orders", app.port(), ttl);
            Sidecar web = sidecars.client("web", "orders");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);

            SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/", 2, Duration.ofMillis(20));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> traffic.succeeded() >= 20);
                Instant stopped = Instant.now();
                controlPlane.stop();
                await().atMost(Duration.ofSeconds(20)).until(() -> lastRegistrationFailure(orders)
                        .isAfter(stopped.plus(ttl.multipliedBy(3))));

                controlPlane.restart();
                await().atMost(Duration.ofSeconds(15)).until(() -> connectedServices().containsAll(Set.of("web", "orders")));
                await().atMost(Duration.ofSeconds(15)).until(() -> "healthy".equals(
                        controlPlane.admin().service("orders").get("instances").get(0).get("health").asText()));
                // a re-subscription carries the versions each sidecar holds: /v1/sidecars shows them even if nothing
                // was pushed on the new streams
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> controlPlane.admin().sidecars().get("sidecars")
                        .forEach(sidecar -> assertThat(sidecar.path("types")
                                .path("type.googleapis.com/envoy.config.cluster.v3.Cluster").path("ackedVersion").asText())
                                .as("clusters version of %s", sidecar.get("nodeId")).isNotEmpty()));
                long after = traffic.succeeded();
                await().atMost(Duration.ofSeconds(10)).until(() -> traffic.succeeded() >= after + 50);
            } finally {
                traffic.close();
            }
            assertThat(traffic.failures()).as("failed requests while the control plane was down and restarted").isEmpty();
            assertThat(controlPlane.admin().service("orders").get("instances")).hasSize(1);
        }
    }

    /**
     * The services of the sidecars with an ADS stream open on the running control plane (a sidecar re-subscribes with
     * the versions it has, so when nothing changed nothing is sent on the new stream).
     */
    private Set<String> connectedServices() {
        Set<String> services = new HashSet<>();
        controlPlane.admin().sidecars().get("sidecars").forEach(sidecar -> services.add(sidecar.get("service").asText()));
        return services;
    }

    /** When the sidecar's registration agent last failed to reach the registry (the epoch if it never did). */
    private static Instant lastRegistrationFailure(Sidecar sidecar) throws Exception {
        HttpResponse<String> dump = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(MeshClient.uri(sidecar.adminPort(), "/config_dump")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode failedAt = new ObjectMapper().readTree(dump.body()).get("registration").get("lastErrorAt");
        return failedAt == null || failedAt.isNull() ? Instant.EPOCH : Instant.parse(failedAt.asText());
    }
}
