package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.cli.Cli;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.GatewaySettings;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.net.ClosedPorts;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Asking why, on the whole mesh: a real control plane, a client sidecar and two registered instances of
 * {@code orders}, one answering 503. {@code banyan ctl why} against the sidecar's real admin port shows the failing
 * instance ejected with its cause and request ids (text and JSON), a failed request's tries, and says what is wrong
 * with an unknown service, a bad address and an admin port nobody listens on.
 */
class WhyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private final List<AppUpstream> apps = new ArrayList<>();
    private AppUpstream failing;
    private Sidecar web;

    @BeforeEach
    void meshWithAFailingInstance() {
        apps.add(AppUpstream.always("orders-good", 200));
        failing = AppUpstream.always("orders-bad", 503);
        apps.add(failing);
        apps.forEach(app -> controlPlane.admin().register("orders", "127.0.0.1", app.port(), null));
        HttpResponse<String> policy = controlPlane.admin().send("PUT", "/v1/services/orders/policy", Map.of(
                "retries", Map.of("numRetries", 0),
                "outlierDetection", Map.of("consecutive5xx", 3, "maxEjectionPercent", 50)));
        assertThat(policy.statusCode()).as(policy.body()).isBetween(200, 204);
        web = sidecars.client("web", "orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            ClusterConfig orders = web.currentConfig().clusters().get("orders");
            return MeshClient.endpointCount(web, "orders") == 2 && orders.outlierDetection() != null;
        });
    }

    @AfterEach
    void close() {
        apps.forEach(AppUpstream::close);
    }

    /** Calls orders through the web sidecar with request ids {@code call-N} until three got 503; the last 503's id. */
    private String failThreeTimes() {
        String last = null;
        int failed = 0;
        for (int i = 0; failed < 3 && i < 30; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    MeshClient.uri(web.upstreamPort("orders"), "/orders")).header("x-request-id", "call-" + i)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                failed++;
                last = "call-" + i;
            }
        }
        assertThat(failed).isEqualTo(3);
        return last;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run ctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("ctl", "why"));
        all.addAll(List.of(args));
        int code = new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true))
                .run(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private String sidecar() {
        return "127.0.0.1:" + web.adminPort();
    }

    @Test
    void ctlWhyShowsTheFailingInstanceEjectedWithItsCauseAndRequestIds() throws Exception {
        String lastFailure = failThreeTimes();

        Run text = ctl("orders", "--sidecar", sidecar());
        Run json = ctl("orders", "--sidecar", sidecar(), "-o", "json");

        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("orders: orders is reached through outbound|")
                .contains("orders has 1 healthy endpoint of 2: 127.0.0.1:" + failing.port()
                        + " ejected by outlier detection (consecutive_5xx) until ")
                .contains("3 upstream_503 (the upstream answered 503; request ids " + lastFailure)
                .contains("declared        yes (upstream port " + web.upstreamPort("orders") + ")")
                .contains("control plane   " + controlPlane.grpcAddress() + " connected");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode why = JSON.readTree(json.out());
        JsonNode ejected = null;
        for (JsonNode endpoint : why.path("endpoints")) {
            if (endpoint.path("address").asText().equals("127.0.0.1:" + failing.port())) {
                ejected = endpoint;
            }
        }
        assertThat(ejected).isNotNull();
        assertThat(ejected.path("state").asText()).isEqualTo("ejected");
        assertThat(why.path("failures").path("byCause").get(0).path("requestIds").get(0).asText())
                .isEqualTo(lastFailure);
        assertThat(why.path("config").path("connected").asBoolean()).isTrue();
        assertThat(why.path("config").path("types")).anySatisfy(type -> {
            assertThat(type.path("type").asText()).isEqualTo("cluster");
            assertThat(type.path("acked").asText()).isNotEmpty();
            assertThat(type.path("nacked").asBoolean()).isFalse();
        });
    }

    @Test
    void ctlWhyWithARequestIdShowsItsTries() {
        String lastFailure = failThreeTimes();

        Run run = ctl("--request-id", lastFailure, "--sidecar", sidecar());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith(lastFailure + ": GET ")
                .contains("answered        503 upstream_503")
                .contains("tries           1")
                .contains("  #1 127.0.0.1:" + failing.port());
    }

    @Test
    void aGatewayAnswersToo() throws Exception {
        Sidecar edge = sidecars.gateway("edge", GatewaySettings.plaintext("127.0.0.1", 0));
        assertThat(MeshClient.getWithHost(edge.outboundPort(), "shop")).startsWith("HTTP/1.1 404");

        Run run = ctl("shop", "--sidecar", "127.0.0.1:" + edge.adminPort());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("shop: shop is not in this gateway's configuration: no gateway route leads "
                + "to it").contains("1 no_route").contains("declared        no");
    }

    @Test
    void unknownServiceUnknownRequestBadAddressAndNoSidecarHaveTheirExitCodes() {
        Run unknown = ctl("inventory", "--sidecar", sidecar());
        Run gone = ctl("--request-id", "never-failed", "--sidecar", sidecar());
        Run badName = ctl("Not_A_Service", "--sidecar", sidecar());
        Run badAddress = ctl("orders", "--sidecar", "not-an-address");
        Run nobody = ctl("orders", "--sidecar", "127.0.0.1:" + ClosedPorts.pick());
        Run neither = ctl("--sidecar", sidecar());

        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).contains("404", "service 'inventory'");
        assertThat(gone.code()).isEqualTo(3);
        assertThat(gone.err()).contains("the last 256 failed requests");
        assertThat(badName.code()).isEqualTo(1);
        assertThat(badName.err()).contains("400", "a DNS label");
        assertThat(badAddress.code()).isEqualTo(2);
        assertThat(badAddress.err()).contains("sidecar: 'not-an-address' (expected: HOST:PORT");
        assertThat(nobody.code()).isEqualTo(5);
        assertThat(nobody.err()).contains("cannot reach the sidecar admin port at http://127.0.0.1:");
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err()).contains("SERVICE: missing");
    }
}
