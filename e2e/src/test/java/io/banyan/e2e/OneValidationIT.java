package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredPolicy;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One validation: the control plane never accepts what a sidecar would NACK, and one service's bad policy never
 * freezes the shared outbound route table for the others (issue #11's reproduced bug: a policy with
 * {@code retryOn: retriable-headers} was accepted, every sidecar NACKed the table, and a service registered
 * afterwards answered 404 no_route mesh-wide).
 */
class OneValidationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> REFUSED_POLICY = Map.of("retries", Map.of("retryOn", "retriable-headers"));

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @Test
    void aPolicyTheSidecarsWouldRefuseIs400AndAServiceRegisteredAfterwardsIsRoutable() throws Exception {
        try (AppUpstream orders = AppUpstream.start("orders-1");
             AppUpstream fresh = AppUpstream.start("fresh-1")) {
            controlPlane.admin().register("orders", "127.0.0.1", orders.port(), null);
            Sidecar web = sidecars.clientOfEveryService("web");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);

            HttpResponse<String> refused = controlPlane.admin().send("PUT", "/v1/services/orders/policy", REFUSED_POLICY);

            assertThat(refused.statusCode()).isEqualTo(400);
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.get("field").asText()).isEqualTo("retries.retryOn");
            assertThat(problem.get("detail").asText()).contains("'retriable-headers'").contains("as the sidecars accept");
            JsonNode effective = JSON.readTree(controlPlane.admin().send("GET", "/v1/services/orders/policy", null).body());
            assertThat(effective.at("/retries/retryOn").asText()).as("nothing stored")
                    .isEqualTo("connect-failure,refused-stream,reset");

            controlPlane.admin().register("fresh", "127.0.0.1", fresh.port(), null);
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "fresh") == 1);

            assertThat(MeshClient.getWithHost(web.outboundPort(), "fresh")).startsWith("HTTP/1.1 200").endsWith("fresh-1");
            assertThat(MeshClient.getWithHost(web.outboundPort(), "orders")).startsWith("HTTP/1.1 200").endsWith("orders-1");
            assertThat(controlPlane.admin().sidecars().get("sidecars")).allSatisfy(sidecar -> sidecar.path("types")
                    .forEach(type -> assertThat(type.path("lastNack").isNull() || type.path("lastNack").isMissingNode())
                            .as("no sidecar NACKed anything: %s", type).isTrue()));
        }
    }

    /**
     * A policy stored by an older version whose rules accepted what the sidecars refuse (forced into the store
     * behind the API's back): the control plane starts, gives that service the default policy, reports it, and
     * publishes everything else; a service registered afterwards answers 200 through a sidecar.
     */
    @Test
    void aStoredPolicyTodaysRulesRefuseIsReportedAndHoldsBackNoOtherService() throws Exception {
        int adminPort = controlPlane.controlPlane().adminPort();
        int xdsPort = controlPlane.controlPlane().xdsPort();
        controlPlane.stop();
        try (Store store = Store.open(controlPlane.dataDir())) {
            store.policies().put("orders", new StoredPolicy("orders", JSON.writeValueAsString(REFUSED_POLICY),
                    Instant.now()));
        }
        controlPlane.start(adminPort, xdsPort);
        try (AppUpstream orders = AppUpstream.start("orders-1");
             AppUpstream fresh = AppUpstream.start("fresh-1")) {
            controlPlane.admin().register("orders", "127.0.0.1", orders.port(), null);
            Sidecar web = sidecars.clientOfEveryService("web");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);

            JsonNode report = JSON.readTree(controlPlane.admin().send("GET", "/v1/xds/invalid-resources", null).body());
            assertThat(report.get("refusedPolicies")).singleElement().satisfies(refused -> {
                assertThat(refused.get("service").asText()).isEqualTo("orders");
                assertThat(refused.get("reason").asText()).startsWith("retries.retryOn: 'retriable-headers'");
            });
            assertThat(report.get("invalidResources")).isEmpty();

            controlPlane.admin().register("fresh", "127.0.0.1", fresh.port(), null);
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "fresh") == 1);

            assertThat(MeshClient.getWithHost(web.outboundPort(), "fresh")).startsWith("HTTP/1.1 200").endsWith("fresh-1");
            assertThat(MeshClient.getWithHost(web.outboundPort(), "orders")).startsWith("HTTP/1.1 200").endsWith("orders-1");

            assertThat(controlPlane.admin().send("DELETE", "/v1/services/orders/policy", null).statusCode())
                    .isEqualTo(204);
            JsonNode after = JSON.readTree(controlPlane.admin().send("GET", "/v1/xds/invalid-resources", null).body());
            assertThat(after.get("refusedPolicies")).isEmpty();
        }
    }
}
