package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SidecarProcess;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.sidecar.accesslog.AccessLogFormat;
import io.banyan.sidecar.accesslog.AccessLogSettings;
import io.banyan.testkit.log.LogFiles;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real sidecars wired as {@code banyan sidecar --access-log FILE} wires them: the caller's sidecar logs each call
 * (a success, and a 503 the mesh made), the server's sidecar the call it received with the caller's identity.
 */
class AccessLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);
    @TempDir
    Path dir;

    private final MeshClient client = new MeshClient();
    private AppUpstream app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    private Sidecar start(SidecarSettings.Builder settings) throws Exception {
        Sidecar sidecar = sidecars.launch(settings.adminPort(0).inboundPort(0).outboundPort(0).build());
        sidecar.ready().get(30, TimeUnit.SECONDS);
        return sidecar;
    }

    private SidecarSettings.Builder sidecar(String service, Path accessLog) throws IOException {
        return SidecarSettings.builder(service, controlPlane.grpcAddress(), Files.createDirectory(dir.resolve(service)))
                .token(controlPlane.admin().joinToken(service))
                .accessLog(AccessLogSettings.file(accessLog, AccessLogFormat.JSON,
                        AccessLogSettings.DEFAULT_MAX_FILE_SIZE, AccessLogSettings.DEFAULT_MAX_FILES));
    }

    @Test
    void eachSideLogsTheCallAndTheCallerLogsTheMeshsOwn503() throws Exception {
        app = AppUpstream.start("payments-1");
        Path serverLog = dir.resolve("payments.log");
        Path callerLog = dir.resolve("web.log");
        start(sidecar("payments", serverLog).appPort(app.port()).appHealthPath("/health"));
        Sidecar web = start(sidecar("web", callerLog).upstreams(Map.of("payments", 0, "orders", 0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> MeshClient.endpointCount(web, "payments") == 1);

        HttpResponse<String> ok = client.get(web.upstreamPort("payments"), "/charge");
        HttpResponse<String> failed = client.get(web.upstreamPort("orders"), "/list");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(failed.statusCode()).isEqualTo(503);
        List<JsonNode> caller = lines(callerLog, 2);
        assertThat(caller.get(0).get("path").asText()).isEqualTo("/charge");
        assertThat(caller.get(0).get("response_code").asInt()).isEqualTo(200);
        assertThat(caller.get(0).get("upstream_cluster").asText()).isEqualTo("payments");
        assertThat(caller.get(0).get("upstream_request_attempt_count").asInt()).isEqualTo(1);
        assertThat(caller.get(0).get("direction").asText()).isEqualTo("outbound");
        assertThat(caller.get(1).get("path").asText()).isEqualTo("/list");
        assertThat(caller.get(1).get("response_code").asInt()).isEqualTo(503);
        assertThat(caller.get(1).get("x_banyan_error").asText()).isEqualTo("no_healthy_upstream");
        assertThat(caller.get(1).get("upstream_cluster").asText()).isEqualTo("orders");
        JsonNode server = lines(serverLog, 1).get(0);
        assertThat(server.get("path").asText()).isEqualTo("/charge");
        assertThat(server.get("direction").asText()).isEqualTo("inbound");
        assertThat(server.get("downstream_peer_uri_san").asText()).isEqualTo("spiffe://mesh.local/svc/web");
        assertThat(server.get("request_id").asText()).isEqualTo(caller.get(0).get("request_id").asText()).isNotEmpty();
    }

    @Test
    void aSidecarStartedFromTheCommandLineWithDefaultFlagsPrintsOnlyJsonLinesOnStdout() throws Exception {
        app = AppUpstream.start("payments-1");
        try (SidecarProcess payments = SidecarProcess.start("--service", "payments", "--app-port",
                Integer.toString(app.port()), "--app-health-path", "/health", "--control-plane",
                controlPlane.grpcAddress(), "--token", controlPlane.admin().joinToken("payments"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> payments.readyStatus() == 200);
            Sidecar web = start(sidecar("web", dir.resolve("web.log")).upstreams(Map.of("payments", 0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> MeshClient.endpointCount(web, "payments") == 1);

            assertThat(client.get(web.upstreamPort("payments"), "/charge").statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> payments.stdout().contains("/charge"));
            List<String> stdout = payments.stdout().lines().toList();
            for (String line : stdout) {
                assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
            }
            assertThat(stdout).anySatisfy(line -> assertThat(JSON.readTree(line).get("path").asText()).isEqualTo("/charge"));
            assertThat(payments.output()).contains("banyan sidecar payments: admin ", "banyan sidecar payments: ready");
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
}
