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
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.mirror.ShadowDifference;
import io.banyan.sidecar.mirror.ShadowLedger;
import io.banyan.sidecar.registration.RegistrationState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Every admin endpoint over real HTTP on 127.0.0.1. */
class AdminServerIT {

    /** Stands in for the xDS client's status object. */
    record XdsStatus(boolean connected, String lastNack) {
    }

    private static final ClusterConfig PAYMENTS = new ClusterConfig("payments", ClusterConfig.Discovery.EDS,
            LbPolicy.ROUND_ROBIN, Duration.ofSeconds(5), UpstreamProtocol.HTTP1, null);
    private static final ClusterConfig LEGACY = new ClusterConfig("legacy", ClusterConfig.Discovery.STATIC,
            LbPolicy.ROUND_ROBIN, Duration.ofMillis(250), UpstreamProtocol.TCP,
            new ClusterEndpoints("legacy", List.of(new Endpoint("10.0.0.9", 7000, 1, "", false, null))));
    private static final MeshConfig CONFIG = new MeshConfig(
            Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "outbound")),
            Map.of("outbound", new RouteConfig("outbound", List.of(new VirtualHost("payments", List.of("payments"),
                    List.of(new Route(RouteMatch.prefix("/"), RouteAction.toCluster("payments"))))))),
            Map.of("payments", PAYMENTS, "legacy", LEGACY),
            Map.of("payments", new ClusterEndpoints("payments", List.of(
                    new Endpoint("10.0.0.1", 15006, 1, "zone-a", true, "i-1"),
                    new Endpoint("10.0.0.2", 15006, 2, "zone-b", true, "i-2")))),
            Map.of("type.googleapis.com/envoy.config.cluster.v3.Cluster", "7"));

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private static final List<ShadowLedger.ClusterShadows> SHADOWS = List.of(new ShadowLedger.ClusterShadows(
            "orders-v2", 3, 1, 0, 0, List.of(new ShadowDifference("req-7", "GET", "/orders/7", 200, 200, "body",
            "/total", 1_000))));
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger drains = new AtomicInteger();
    private final AtomicReference<String> drainThread = new AtomicReference<>();
    private final CountDownLatch drained = new CountDownLatch(1);
    private final AtomicReference<Clusters> live = new AtomicReference<>();
    private PrometheusMeterRegistry metrics;
    private AdminServer server;

    @BeforeEach
    void start() throws InterruptedException {
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.counter("banyan.requests.test", "service", "payments").increment(3);
        RegistrationState registration = new RegistrationState("orders", "i-7", true,
                Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:06Z"), null, null);
        AdminSources sources = new AdminSources(Readiness.of(ready::get, "waiting for the first xDS config"),
                metrics, () -> CONFIG, () -> new XdsStatus(true, null), () -> registration,
                () -> live.get() == null ? null : live.get().status(), () -> SHADOWS, () -> {
                    drainThread.set(Thread.currentThread().getName());
                    drains.incrementAndGet();
                    drained.countDown();
                });
        server = new AdminServer("127.0.0.1", 0, sources);
        server.start();
    }

    @AfterEach
    void stop() {
        if (live.get() != null) {
            live.get().close();
        }
        server.close();
        metrics.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveIsAlways200() throws Exception {
        HttpResponse<String> live = send("GET", "/live");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("live\n");
    }

    @Test
    void readyIs503WithTheReasonUntilReady() throws Exception {
        HttpResponse<String> notReady = send("GET", "/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("waiting for the first xDS config\n");

        ready.set(true);
        HttpResponse<String> readyNow = send("GET", "/ready?verbose");
        assertThat(readyNow.statusCode()).isEqualTo(200);
        assertThat(readyNow.body()).isEqualTo("ready\n");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> response = send("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body()).contains("banyan_requests_test_total{service=\"payments\"} 3.0");
    }

    @Test
    void configDumpShowsTheMeshConfigXdsStatusAndRegistration() throws Exception {
        HttpResponse<String> response = send("GET", "/config_dump");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode dump = mapper.readTree(response.body());
        JsonNode payments = dump.path("meshConfig").path("clusters").path("payments");
        assertThat(payments.path("discovery").asText()).isEqualTo("EDS");
        assertThat(payments.path("connectTimeout").asText()).isEqualTo("PT5S");
        assertThat(dump.path("meshConfig").path("versions").path("type.googleapis.com/envoy.config.cluster.v3.Cluster")
                .asText()).isEqualTo("7");
        JsonNode route = dump.path("meshConfig").path("routes").path("outbound").path("virtualHosts").get(0)
                .path("routes").get(0);
        assertThat(route.path("match").path("value").asText()).isEqualTo("/");
        assertThat(route.path("action").path("timeout").asText()).isEqualTo("PT15S");
        assertThat(dump.path("meshConfig").path("listeners").path("outbound").path("port").asInt()).isEqualTo(15001);
        assertThat(dump.path("xds").path("connected").asBoolean()).isTrue();
        assertThat(dump.path("registration").path("instanceId").asText()).isEqualTo("i-7");
        assertThat(dump.path("registration").path("lastHeartbeat").asText()).isEqualTo("2026-01-02T03:04:06Z");
    }

    @Test
    void shadowListsEachMirrorClustersComparisonsAndDifferences() throws Exception {
        HttpResponse<String> response = send("GET", "/shadow");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode cluster = mapper.readTree(response.body()).path("clusters").get(0);
        assertThat(cluster.path("cluster").asText()).isEqualTo("orders-v2");
        assertThat(cluster.path("different").asLong()).isEqualTo(1);
        JsonNode difference = cluster.path("differences").get(0);
        assertThat(difference.path("requestId").asText()).isEqualTo("req-7");
        assertThat(difference.path("where").asText()).isEqualTo("/total");
    }

    @Test
    void clustersListsEachClusterWithItsConfigAndEndpoints() throws Exception {
        HttpResponse<String> response = send("GET", "/clusters");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode clusters = mapper.readTree(response.body()).path("clusters");
        assertThat(clusters).hasSize(2);
        assertThat(clusters.get(0).path("name").asText()).isEqualTo("legacy");
        assertThat(clusters.get(0).path("config").path("connectTimeout").asText()).isEqualTo("PT0.25S");
        assertThat(clusters.get(0).path("endpoints").get(0).path("port").asInt()).isEqualTo(7000);
        JsonNode payments = clusters.get(1);
        assertThat(payments.path("name").asText()).isEqualTo("payments");
        assertThat(payments.path("endpoints")).hasSize(2);
        assertThat(payments.path("endpoints").get(1).path("instanceId").asText()).isEqualTo("i-2");
        assertThat(payments.path("endpoints").get(1).path("zone").asText()).isEqualTo("zone-b");
    }

    @Test
    void clustersShowsEachEndpointsLiveHealthFlags() throws Exception {
        Endpoint first = new Endpoint("10.0.0.1", 15006, 1, "zone-a", true, "i-1");
        Endpoint second = new Endpoint("10.0.0.2", 15006, 2, "zone-b", true, "i-2");
        Endpoint third = new Endpoint("10.0.0.3", 15006, 1, "zone-b", true, "i-3");
        ClusterConfig payments = new ClusterConfig("payments", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(5), UpstreamProtocol.HTTP1, null, ClusterConfig.DEFAULT_LB, ThresholdSettings.DEFAULT,
                RetryBudgetSettings.DEFAULT, new OutlierSettings(2, 0, Duration.ofMinutes(10), Duration.ofSeconds(30),
                        Duration.ofSeconds(300), 100, false, 5, 100, 1900),
                new CircuitBreakerSettings(50f, 100f, Duration.ofSeconds(10), 2, Duration.ofSeconds(30), 1,
                        CircuitBreakerSettings.SlidingWindowType.COUNT, 2), null, Duration.ofHours(1));
        MeshConfig config = new MeshConfig(Map.of(), Map.of(), Map.of("payments", payments),
                Map.of("payments", new ClusterEndpoints("payments", List.of(first, second, third))), Map.of());
        Clusters clusters = Clusters.from(config, Clusters.EMPTY, new RequestMetrics(metrics));
        live.set(clusters);
        ClusterState state = clusters.get("payments");
        state.outlier().onResponse(first, 503);
        state.outlier().onResponse(first, 503);
        state.breakers().onResult(second, Duration.ofMillis(1), false);
        state.breakers().onResult(second, Duration.ofMillis(1), false);
        state.loadBalancer().onStart(third);

        HttpResponse<String> response = send("GET", "/clusters");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode cluster = mapper.readTree(response.body()).path("clusters").get(0);
        assertThat(cluster.path("name").asText()).isEqualTo("payments");
        assertThat(cluster.path("config").path("connectTimeout").asText()).isEqualTo("PT5S");
        assertThat(cluster.path("outlier").path("ejected").asInt()).isEqualTo(1);
        assertThat(cluster.path("thresholds").path("requests").path("max").asInt()).isEqualTo(1024);
        assertThat(cluster.path("retries").path("gate").asText()).isEqualTo("retry_budget");
        JsonNode endpoints = cluster.path("endpoints");
        assertThat(endpoints).hasSize(3);
        assertThat(endpoints.get(0).path("address").asText()).isEqualTo("10.0.0.1:15006");
        assertThat(endpoints.get(0).path("zone").asText()).isEqualTo("zone-a");
        assertThat(endpoints.get(0).path("healthFlags").toString()).isEqualTo("[\"failed_outlier_check\"]");
        assertThat(endpoints.get(0).path("ejection").path("reason").asText()).isEqualTo("consecutive_5xx");
        assertThat(endpoints.get(0).path("ejection").path("remainingMillis").asLong()).isBetween(1L, 30_000L);
        assertThat(endpoints.get(1).path("healthFlags").toString()).isEqualTo("[\"circuit_open\"]");
        assertThat(endpoints.get(1).path("weight").asInt()).isEqualTo(2);
        assertThat(endpoints.get(2).path("healthFlags").toString()).isEqualTo("[]");
        assertThat(endpoints.get(2).path("activeRequests").asInt()).isEqualTo(1);
    }

    @Test
    void drainRunsTheHookOnceOffTheEventLoop() throws Exception {
        HttpResponse<String> first = send("POST", "/drain");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("draining\n");
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(drainThread.get()).isEqualTo("banyan-drain");

        HttpResponse<String> second = send("POST", "/drain");
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.body()).isEqualTo("already draining\n");
        assertThat(drains).hasValue(1);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> missing = send("GET", "/stats");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("not found: /stats");

        HttpResponse<String> getDrain = send("GET", "/drain");
        assertThat(getDrain.statusCode()).isEqualTo(405);
        assertThat(getDrain.headers().firstValue("allow")).hasValue("POST");
        assertThat(drains).hasValue(0);

        HttpResponse<String> postReady = send("POST", "/ready");
        assertThat(postReady.statusCode()).isEqualTo(405);
        assertThat(postReady.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void errorsAreProblemsAndEveryGetAnswersHead() throws Exception {
        HttpResponse<String> missing = send("GET", "/stats");
        assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(missing.headers().firstValue("cache-control")).hasValue("no-cache");

        HttpResponse<String> head = send("HEAD", "/live");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue("5");
        assertThat(head.body()).isEmpty();
    }
}
