package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin port against hostile or unusual HTTP on raw sockets: client-chosen methods never become metric labels
 * and are refused before their body is read, HEAD answers like GET without a body, over-long heads and bodies get
 * problem+json (414, 431, 413) without class names, and an early 413 reaches a client still sending its body.
 */
class AdminProtocolIT {

    private static final String TOKEN = "protocol-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KNOWN_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS", "TRACE", "CONNECT", "other");

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger registrations = new AtomicInteger();
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        AdminResource resources = routes -> routes
                .add("GET", "/v1/services", request -> Json.response(200, Map.of("services", List.of())))
                .add("POST", "/v1/services/{service}/instances", request -> {
                    registrations.incrementAndGet();
                    return AdminResponse.noContent();
                });
        server = new AdminServer("127.0.0.1", 0, TOKEN, prometheus, List.of(resources)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawAdminConnection connect() throws IOException {
        return new RawAdminConnection(server.port());
    }

    private static JsonNode problem(RawAdminConnection.Response response, int status) throws IOException {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotEmpty().doesNotContain("Exception").doesNotContain("netty");
        return problem;
    }

    @Test
    void clientChosenMethodsNeverBecomeMetricLabelsAndAreRefusedBeforeTheirBody() throws Exception {
        int requests = 40;
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            String method = "M" + i + "X".repeat(2000);
            try (RawAdminConnection connection = connect()) {
                connection.send(method + " /v1/services HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
                RawAdminConnection.Response response = connection.read();
                failed += response.status() == 401 && !response.body().contains(method.substring(0, 20)) ? 0 : 1;
            }
        }
        assertThat(failed).as("requests not refused with 401").isZero();
        try (RawAdminConnection connection = connect()) {
            connection.send("BREW /v1/services HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n");
            assertThat(problem(connection.read(), 501).get("detail").asText())
                    .isEqualTo("method: not implemented (expected: one of GET, HEAD, POST, PUT, DELETE)");
        }
        try (RawAdminConnection connection = connect()) {
            problem(connection.send("BREW /healthz HTTP/1.1\r\nHost: a\r\n\r\n").read(), 501);
        }

        String metrics = prometheus.scrape();
        List<String> series = metrics.lines().filter(line -> line.startsWith("banyan_admin_requests_total{")).toList();
        assertThat(series).allSatisfy(line -> assertThat(KNOWN_METHODS)
                .anyMatch(method -> line.contains("method=\"" + method + "\"")));
        assertThat(metrics).doesNotContain("XXXX")
                .contains("banyan_admin_requests_total{method=\"other\",route=\"/v1/services\",status=\"401\"} "
                        + requests + ".0")
                .contains("banyan_admin_requests_total{method=\"other\",route=\"/healthz\",status=\"501\"} 1.0");
        assertThat(series).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() throws Exception {
        String services = "{\"services\":[]}";
        try (RawAdminConnection connection = connect()) {
            RawAdminConnection.Response head = connection.send("HEAD /healthz HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers().get("content-length")).isEqualTo("3");
            assertThat(head.headers().get("content-type")).startsWith("text/plain");
            // the next response on the same connection parses: HEAD sent no body bytes
            RawAdminConnection.Response get = connection.send("HEAD /v1/services HTTP/1.1\r\nHost: a\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.headers().get("content-length")).isEqualTo(Integer.toString(services.length()));
            RawAdminConnection.Response after = connection.read();
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.body()).isEqualTo("ok\n");
        }
        try (RawAdminConnection connection = connect()) {
            RawAdminConnection.Response denied = connection.send("HEAD /v1/services HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
            assertThat(denied.status()).isEqualTo(401);
            assertThat(connection.closedByPeer()).as("no body bytes after the head, then the close").isTrue();
        }
    }

    @Test
    void overlongRequestLineIs414AndOverlongHeadersAre431AsProblems() throws Exception {
        try (RawAdminConnection connection = connect()) {
            connection.send("GET /v1/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
            JsonNode tooLong = problem(connection.read(), 414);
            assertThat(tooLong.get("detail").asText()).isEqualTo("request line: longer than 4096 bytes (expected: at most 4096)");
            assertThat(connection.closedByPeer()).isTrue();
        }
        try (RawAdminConnection connection = connect()) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");
            problem(connection.read(), 431);
        }
        try (RawAdminConnection connection = connect()) {
            problem(connection.send("GET /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n").read(), 400);
        }
        try (RawAdminConnection connection = connect()) {
            assertThat(connection.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).as("still serving")
                    .isEqualTo(200);
        }
    }

    @Test
    void bodyOverTheCapAnnouncedWithExpectContinueIs413Problem() throws Exception {
        try (RawAdminConnection connection = connect()) {
            connection.send("POST /v1/services/orders/instances HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n");
            JsonNode problem = problem(connection.read(), 413);
            assertThat(problem.get("detail").asText()).isEqualTo("body: larger than 1048576 bytes (expected: at most 1 MiB)");
        }
        assertThat(registrations).as("requests that reached the handler").hasValue(0);
    }

    @Test
    void afterAnEarly413TheServerReadsOnUntilTheClientStopsSending() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        int chunks = 64; // 4 MiB announced
        try (RawAdminConnection connection = connect()) {
            connection.send("POST /v1/services/orders/instances HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + chunks * chunk.length + "\r\n\r\n");
            int sent = 0;
            while (sent < 24) { // 1.5 MiB: over the cap, so the 413 comes while the client is still sending
                connection.send(chunk);
                sent++;
            }
            problem(connection.read(), 413);
            int failedWrites = 0;
            for (; sent < chunks; sent++) {
                try {
                    connection.send(chunk);
                } catch (IOException reset) {
                    failedWrites++;
                    break;
                }
            }
            assertThat(failedWrites).as("writes refused (reset) after the 413 instead of a lingering close").isZero();
            connection.finishSending();
            assertThat(connection.closedByPeer()).isTrue();
        }
    }
}
