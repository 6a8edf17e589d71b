package io.banyan.sidecar.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.sidecar.accesslog.AccessLog;
import io.banyan.sidecar.accesslog.AccessLogFormat;
import io.banyan.sidecar.accesslog.AccessLogSettings;
import io.banyan.sidecar.listener.RawHttpConnection.Response;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.testkit.log.LogFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.banyan.sidecar.testing.DataPlaneExtension.withMeshTls;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log over the whole mesh path: a caller's sidecar (outbound, retries on 5xx) and the server's sidecar
 * (inbound, mutual TLS) in front of an app, each writing JSON lines to a file. Every field is there for a request that
 * succeeds, one retried, and one the mesh fails ({@code x-banyan-error}).
 */
class AccessLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER_ID = "spiffe://mesh.local/svc/web";

    @RegisterExtension
    final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SimpleMeterRegistry callerMeters = new SimpleMeterRegistry();
    private Path callerLog;
    private Path serverLog;
    private int inboundPort;
    private int outboundPort;
    private GatedUpstream app;

    @BeforeEach
    void mesh() throws Exception {
        TestCa ca = new TestCa();
        app = new GatedUpstream();
        resources.add(app);
        callerLog = dir.resolve("caller.log");
        serverLog = dir.resolve("server.log");

        MeshTls serverTls = DataPlaneExtension.meshTls(ca.identity("orders"), new SimpleMeterRegistry());
        AccessLog serverAccess = accessLog(serverLog, new SimpleMeterRegistry());
        DataPlane server = dataPlanes.start(new SimpleMeterRegistry(),
                withMeshTls(serverTls).andThen(builder -> builder.observer(serverAccess)),
                MeshConfigs.inboundToApp(app.port(), AuthorizationPolicy.ALLOW_ALL));
        inboundPort = server.boundPort("inbound");

        MeshTls callerTls = DataPlaneExtension.meshTls(ca.identity("web"), new SimpleMeterRegistry());
        AccessLog callerAccess = accessLog(callerLog, callerMeters);
        DataPlane caller = dataPlanes.start(callerMeters,
                withMeshTls(callerTls).andThen(builder -> builder.observer(callerAccess)), callerConfig(inboundPort));
        outboundPort = caller.boundPort("outbound");
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private AccessLog accessLog(Path file, SimpleMeterRegistry meters) {
        AccessLog log = AccessLog.open(AccessLogSettings.file(file, AccessLogFormat.JSON,
                AccessLogSettings.DEFAULT_MAX_FILE_SIZE, AccessLogSettings.DEFAULT_MAX_FILES), meters);
        resources.add(log);
        return log;
    }

    /** Everything to {@code orders} (retried once on a 5xx), but {@code /blocked}: to a cluster that does not exist. */
    private static MeshConfig callerConfig(int inboundPort) {
        RetryPolicy on5xx = new RetryPolicy(Set.of(RetryOn.FIVE_XX), 2, Duration.ZERO, RetryPolicy.DEFAULT_BACKOFF_BASE,
                RetryPolicy.DEFAULT_BACKOFF_MAX, Set.of(), Set.of(), false);
        ClusterConfig orders = new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        Endpoint meshEndpoint = new Endpoint("127.0.0.1", inboundPort, 1, "", true, null);
        RouteConfig routes = new RouteConfig("out", List.of(new VirtualHost("all", List.of("*"), List.of(
                new Route(RouteMatch.prefix("/blocked"), RouteAction.toCluster("absent")),
                new Route(RouteMatch.prefix("/"), new RouteAction(List.of(new WeightedCluster("orders", 1)),
                        Duration.ofSeconds(10), on5xx, null, null))))));
        return new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "out")),
                Map.of("out", routes), Map.of("orders", orders),
                Map.of("orders", new ClusterEndpoints("orders", List.of(meshEndpoint))), Map.of());
    }

    private Response get(String path, String requestId) throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(outboundPort)) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: orders\r\nx-request-id: " + requestId + "\r\n\r\n");
            return client.read();
        }
    }

    /** The file's lines, once it has {@code count} of them (and no more), each parsed. */
    private static List<JsonNode> lines(Path file, int count) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : LogFiles.awaitLines(file, count)) {
            parsed.add(JSON.readTree(line));
        }
        return parsed;
    }

    @Test
    void aSuccessfulRequestIsOneLineOnEachSideWithEveryField() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        assertThat(get("/hello?x=1", "r-ok").status()).isEqualTo(200);

        JsonNode caller = lines(callerLog, 1).get(0);
        assertThat(Instant.parse(caller.get("start_time").asText())).isBetween(before, Instant.now());
        assertThat(caller.get("start_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(caller.get("method").asText()).isEqualTo("GET");
        assertThat(caller.get("authority").asText()).isEqualTo("orders");
        assertThat(caller.get("path").asText()).isEqualTo("/hello?x=1");
        assertThat(caller.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(caller.get("response_code").asInt()).isEqualTo(200);
        assertThat(caller.get("x_banyan_error").isNull()).isTrue();
        assertThat(caller.get("duration").isIntegralNumber()).isTrue();
        assertThat(caller.get("upstream_service_time").isIntegralNumber()).isTrue();
        assertThat(caller.get("upstream_service_time").asLong()).isLessThanOrEqualTo(caller.get("duration").asLong());
        assertThat(caller.get("bytes_received").asLong()).isZero();
        assertThat(caller.get("bytes_sent").asLong()).isEqualTo("ok".length());
        assertThat(caller.get("request_id").asText()).isEqualTo("r-ok");
        assertThat(caller.has("trace_id")).isTrue();
        assertThat(caller.get("downstream_peer_uri_san").isNull()).isTrue(); // outbound: the app is not a peer
        assertThat(caller.get("upstream_cluster").asText()).isEqualTo("orders");
        assertThat(caller.get("upstream_host").asText()).isEqualTo("127.0.0.1:" + inboundPort);
        assertThat(caller.get("upstream_request_attempt_count").asInt()).isEqualTo(1);
        assertThat(caller.get("listener").asText()).isEqualTo("outbound");
        assertThat(caller.get("direction").asText()).isEqualTo("outbound");
        assertThat(caller.has("route_name")).isTrue();

        JsonNode server = lines(serverLog, 1).get(0);
        assertThat(server.get("downstream_peer_uri_san").asText()).isEqualTo(CALLER_ID);
        assertThat(server.get("direction").asText()).isEqualTo("inbound");
        assertThat(server.get("listener").asText()).isEqualTo("inbound");
        assertThat(server.get("upstream_cluster").asText()).isEqualTo("local-app");
        assertThat(server.get("upstream_host").asText()).isEqualTo("127.0.0.1:" + app.port());
        assertThat(server.get("request_id").asText()).isEqualTo("r-ok");
        assertThat(server.get("response_code").asInt()).isEqualTo(200);
    }

    @Test
    void aRetriedRequestIsOneLineWithItsTwoAttemptsAtTheCallerAndTwoAtTheServer() throws Exception {
        assertThat(get("/flaky", "r-retry").status()).isEqualTo(200);

        JsonNode caller = lines(callerLog, 1).get(0);
        assertThat(caller.get("response_code").asInt()).isEqualTo(200);
        assertThat(caller.get("upstream_request_attempt_count").asInt()).isEqualTo(2);
        assertThat(caller.get("x_banyan_error").isNull()).isTrue();
        assertThat(caller.get("request_id").asText()).isEqualTo("r-retry");

        List<JsonNode> server = lines(serverLog, 2);
        assertThat(server).extracting(line -> line.get("response_code").asInt()).containsExactly(503, 200);
        assertThat(server).allSatisfy(line -> assertThat(line.get("request_id").asText()).isEqualTo("r-retry"));
    }

    @Test
    void aRequestTheMeshFailsCarriesItsXBanyanErrorAndNoAttempt() throws Exception {
        Response response = get("/blocked", "r-fail");
        assertThat(response.status()).isEqualTo(503);
        String cause = response.header("x-banyan-error");
        assertThat(cause).isNotBlank();

        JsonNode caller = lines(callerLog, 1).get(0);
        assertThat(caller.get("response_code").asInt()).isEqualTo(503);
        assertThat(caller.get("x_banyan_error").asText()).isEqualTo(cause);
        assertThat(caller.get("upstream_request_attempt_count").asInt()).isZero();
        assertThat(caller.get("upstream_host").isNull()).isTrue();
        assertThat(caller.get("upstream_service_time").isNull()).isTrue();
        assertThat(caller.get("request_id").asText()).isEqualTo("r-fail");
        assertThat(callerMeters.get(MetricNames.ACCESS_LOG_DROPPED).counter().count()).isZero();
        assertThat(Files.exists(serverLog) ? Files.readAllLines(serverLog) : List.of()).isEmpty();
    }
}
