package io.banyan.sidecar.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.OutlierSettings;
import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.sidecar.diagnose.Declared;
import io.banyan.sidecar.diagnose.Diagnosis;
import io.banyan.sidecar.diagnose.RecentFailures;
import io.banyan.sidecar.listener.DataPlane;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.testkit.net.ClosedPorts;
import io.banyan.testkit.upstream.AppUpstream;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /debug/why} over real HTTP on a real data plane with real upstreams: {@code orders} has an endpoint that
 * answers 503 (ejected by outlier detection after three) and one that answers 200; {@code payments} has a dead
 * endpoint and one answering 503, and retries on both.
 */
class WhyEndpointIT {

    @RegisterExtension
    final DataPlaneExtension dataPlanes = new DataPlaneExtension();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RecentFailures failures = new RecentFailures(8);
    private AppUpstream failing;
    private int deadPort;
    private int ordersPort;
    private int paymentsPort;
    private AdminServer admin;

    @BeforeEach
    void start() throws Exception {
        AppUpstream healthy = AppUpstream.start("orders-1");
        failing = AppUpstream.always("orders-2", 503);
        AppUpstream payments = AppUpstream.always("payments-1", 503);
        closing.addAll(List.of(healthy, failing, payments));
        deadPort = ClosedPorts.pick();
        OutlierSettings ejectAfterThree = new OutlierSettings(3, 0, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(300), 50, false, 5, 100, 1900);
        RetryPolicy retryAll = new RetryPolicy(Set.of(RetryOn.FIVE_XX, RetryOn.CONNECT_FAILURE), 2, Duration.ZERO,
                Duration.ofMillis(1), Duration.ofMillis(2), Set.of(), Set.of(), false);
        MeshConfig config = new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND,
                                "upstream|orders"),
                        "payments", new ListenerConfig("payments", "127.0.0.1", 0, TrafficDirection.OUTBOUND,
                                "upstream|payments")),
                Map.of("upstream|orders", new RouteConfig("upstream|orders", List.of(host("orders", RetryPolicy.none()))),
                        "upstream|payments", new RouteConfig("upstream|payments", List.of(host("payments", retryAll)))),
                Map.of("orders", cluster("orders", ejectAfterThree), "payments", cluster("payments", null)),
                Map.of("orders", endpoints("orders", healthy.port(), failing.port()),
                        "payments", endpoints("payments", deadPort, payments.port())),
                Map.of());
        DataPlane dataPlane = dataPlanes.start(meters, builder -> builder.observer(failures), config);
        ordersPort = dataPlanes.outboundPort();
        paymentsPort = dataPlane.boundPort("payments");
        Diagnosis diagnosis = new Diagnosis(() -> config,
                new Diagnosis.Live(dataPlane::clusterStatus, dataPlane::boundListeners), () -> null,
                new Declared(Map.of("orders", 9001), Set.of(), false, false), failures, meters, Clock.systemUTC());
        admin = new AdminServer("127.0.0.1", 0, new AdminSources(() -> ReadinessStatus.READY, meters, () -> config,
                null, null, dataPlane::clusterStatus, null, () -> { }, null, diagnosis));
        admin.start();
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        for (AutoCloseable resource : closing) {
            resource.close();
        }
        meters.close();
    }

    private static VirtualHost host(String service, RetryPolicy retries) {
        return new VirtualHost(service, List.of("*"), List.of(new Route(RouteMatch.prefix("/"),
                new RouteAction(List.of(new WeightedCluster(service, 1)), Duration.ofSeconds(10), retries, null, null))
                .named("to-" + service)));
    }

    private static ClusterConfig cluster(String name, OutlierSettings outlier) {
        return new ClusterConfig(name, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
                UpstreamProtocol.HTTP1, null, ClusterConfig.DEFAULT_LB, ThresholdSettings.DEFAULT,
                RetryBudgetSettings.DEFAULT, outlier, CircuitBreakerSettings.DEFAULT, null,
                ClusterConfig.DEFAULT_IDLE_TIMEOUT);
    }

    private static ClusterEndpoints endpoints(String cluster, int... ports) {
        return new ClusterEndpoints(cluster, java.util.Arrays.stream(ports)
                .mapToObj(port -> new Endpoint("127.0.0.1", port, 1, "", false, null)).toList());
    }

    private HttpResponse<String> call(String service, String requestId) throws Exception {
        int port = service.equals("orders") ? ordersPort : paymentsPort;
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/things"))
                .header("x-request-id", requestId).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> why(String query, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
                + "/debug/why?" + query)).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Calls orders until its failing endpoint has answered 503 three times (and is ejected). */
    private void failOrdersThreeTimes() throws Exception {
        int failed = 0;
        for (int i = 0; failed < 3 && i < 20; i++) {
            if (call("orders", "orders-" + i).statusCode() == 503) {
                failed++;
            }
        }
        assertThat(failed).isEqualTo(3);
    }

    @Test
    void aServiceWithAFailingEndpointShowsItEjectedWithItsCausesAndRequestIds() throws Exception {
        failOrdersThreeTimes();

        HttpResponse<String> response = why("service=orders", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode why = json.readTree(response.body());
        assertThat(why.path("scope").path("declared").asBoolean()).isTrue();
        assertThat(why.path("scope").path("how").asText()).isEqualTo("upstream port 9001");
        assertThat(why.path("paths")).hasSize(1);
        assertThat(why.path("paths").get(0).path("listener").asText()).isEqualTo("outbound");
        assertThat(why.path("paths").get(0).path("routeConfig").asText()).isEqualTo("upstream|orders");
        assertThat(why.path("paths").get(0).path("route").asText()).isEqualTo("to-orders");
        assertThat(why.path("paths").get(0).path("port").asInt()).isEqualTo(ordersPort);
        JsonNode ejected = endpoint(why, "127.0.0.1:" + failing.port());
        assertThat(ejected.path("state").asText()).isEqualTo("ejected");
        assertThat(ejected.path("ejectionReason").asText()).isEqualTo("consecutive_5xx");
        assertThat(Instant.parse(ejected.path("ejectedUntil").asText())).isAfter(Instant.now());
        assertThat(why.path("cluster").path("ejected").asInt()).isEqualTo(1);
        JsonNode cause = why.path("failures").path("byCause").get(0);
        assertThat(cause.path("cause").asText()).isEqualTo("upstream_503");
        assertThat(cause.path("count").asInt()).isEqualTo(3);
        assertThat(cause.path("requestIds")).hasSize(3);
        assertThat(cause.path("requestIds").get(0).asText()).startsWith("orders-");
        assertThat(why.path("retries").path("gate").asText()).isEqualTo("retry_budget");
        assertThat(why.path("verdict").asText())
                .contains("orders has 1 healthy endpoint of 2: 127.0.0.1:" + failing.port()
                        + " ejected by outlier detection (consecutive_5xx) until ")
                .contains("3 upstream_503");
    }

    @Test
    void plainTextByAcceptOrFormat() throws Exception {
        failOrdersThreeTimes();

        HttpResponse<String> byAccept = why("service=orders", "text/plain");
        HttpResponse<String> byFormat = why("service=orders&format=text", "application/json");

        assertThat(byAccept.statusCode()).isEqualTo(200);
        assertThat(byAccept.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(byAccept.body()).startsWith("orders: orders is reached through outbound")
                .contains("127.0.0.1:" + failing.port() + "  ejected (consecutive_5xx) until ")
                .contains("upstream_503");
        assertThat(byFormat.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(byFormat.body()).contains("declared        yes (upstream port 9001)",
                "path            outbound 127.0.0.1:" + ordersPort + " outbound -> routes upstream|orders",
                "endpoints       1 healthy of 2", "failures        3 upstream_503");
    }

    @Test
    void aRetriedThenFailedRequestShowsEachTry() throws Exception {
        HttpResponse<String> failed = call("payments", "retried-1");
        assertThat(failed.statusCode()).isEqualTo(503);

        HttpResponse<String> response = why("request_id=retried-1", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode exchange = json.readTree(response.body()).path("exchange");
        assertThat(exchange.path("status").asInt()).isEqualTo(503);
        assertThat(exchange.path("upstreamService").asText()).isEqualTo("payments");
        JsonNode attempts = exchange.path("attempts");
        assertThat(attempts.size()).isEqualTo(3);
        List<String> causes = new ArrayList<>();
        for (JsonNode attempt : attempts) {
            causes.add(attempt.path("endpoint").asText() + " " + attempt.path("cause").asText());
            assertThat(attempt.path("offsetMillis").asDouble()).isGreaterThanOrEqualTo(0);
        }
        assertThat(causes).contains("127.0.0.1:" + deadPort + " connect_failure");
        assertThat(causes).anySatisfy(cause -> assertThat(cause).endsWith(" upstream_503"));
        assertThat(attempts.get(1).path("offsetMillis").asDouble())
                .isGreaterThanOrEqualTo(attempts.get(0).path("offsetMillis").asDouble());
        assertThat(json.readTree(response.body()).path("verdict").asText()).contains("3 tries to payments");

        HttpResponse<String> text = why("request_id=retried-1&format=text", null);
        assertThat(text.body()).startsWith("retried-1: GET ").contains("tries           3");
    }

    @Test
    void unknownServiceAndRequestAre404AndABadNameIs400() throws Exception {
        HttpResponse<String> unknown = why("service=inventory", null);
        HttpResponse<String> badName = why("service=Not_A_Service", null);
        HttpResponse<String> gone = why("request_id=never-failed", null);
        HttpResponse<String> neither = why("format=text", null);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(json.readTree(unknown.body()).path("detail").asText()).contains("'inventory'");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badName.body()).path("detail").asText())
                .contains("'Not_A_Service'", "a DNS label");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json.readTree(gone.body()).path("detail").asText()).contains("the last 8 failed requests");
        assertThat(neither.statusCode()).isEqualTo(400);
    }

    @Test
    void withAnAdminTokenItIsRequired() throws Exception {
        try (AdminServer guarded = new AdminServer("127.0.0.1", 0, new AdminSources(() -> ReadinessStatus.READY,
                meters, () -> null, null, null, null, null, () -> { }, null, null),
                new AdminAccess(Set.of(), "s3cret"))) {
            guarded.start();
            URI uri = URI.create("http://127.0.0.1:" + guarded.port() + "/debug/why?service=orders");

            HttpResponse<String> without = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> with = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer s3cret")
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(with.statusCode()).as("past the token: a service it knows nothing of").isEqualTo(404);
        }
    }

    private static JsonNode endpoint(JsonNode why, String address) {
        for (JsonNode endpoint : why.path("endpoints")) {
            if (endpoint.path("address").asText().equals(address)) {
                return endpoint;
            }
        }
        throw new AssertionError("no endpoint " + address + " in " + why.path("endpoints"));
    }
}
