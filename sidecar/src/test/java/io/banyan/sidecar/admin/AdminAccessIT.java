package io.banyan.sidecar.admin;

import io.banyan.adminserver.RouteTable;
import io.banyan.dataplane.config.MeshConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin port over real sockets, sent what a web page on this host could send: a cross-origin form post, a
 * DNS-rebound Host, a text/plain body. None of it drains the sidecar; local tools and probes still get through.
 */
class AdminAccessIT {

    private final AtomicInteger drains = new AtomicInteger();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private AdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        metrics.close();
    }

    private void start(AdminAccess access) throws InterruptedException {
        AdminSources sources = new AdminSources(Readiness.of(() -> true, "never"), metrics, () -> MeshConfig.EMPTY,
                null, null, drains::incrementAndGet);
        server = new AdminServer("127.0.0.1", 0, sources, access);
        server.start();
    }

    @Test
    void aCrossOriginPostCannotDrain() throws Exception {
        start(AdminAccess.localOnly());

        Answer answer = send("POST", "/drain", Map.of("Host", "127.0.0.1:" + server.port(),
                "Origin", "http://evil.example", "Content-Type", "text/plain"), "");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.head()).containsIgnoringCase("content-type: application/problem+json");
        assertThat(answer.body()).contains("origin: 'http://evil.example'");
        assertThat(drains).hasValue(0);
    }

    @Test
    void aRebindingHostIsMisdirected() throws Exception {
        start(AdminAccess.localOnly());

        Answer drain = send("POST", "/drain", Map.of("Host", "evil.example:" + server.port()), "");
        Answer dump = send("GET", "/config_dump", Map.of("Host", "evil.example"), "");

        assertThat(drain.status()).isEqualTo(421);
        assertThat(drain.body()).contains("host: 'evil.example:" + server.port() + "'");
        assertThat(dump.status()).isEqualTo(421);
        assertThat(drains).hasValue(0);
    }

    @Test
    void aBodyABrowserMaySendWithoutPreflightCannotDrain() throws Exception {
        start(AdminAccess.localOnly());
        String host = "localhost:" + server.port();

        Answer text = send("POST", "/drain", Map.of("Host", host, "Content-Type", "text/plain;charset=UTF-8"), "x");
        Answer form = send("POST", "/drain", Map.of("Host", host,
                "Content-Type", "application/x-www-form-urlencoded"), "a=b");
        Answer untyped = send("POST", "/drain", Map.of("Host", host), "x");

        assertThat(text.status()).isEqualTo(415);
        assertThat(form.status()).isEqualTo(415);
        assertThat(untyped.status()).isEqualTo(415);
        assertThat(drains).hasValue(0);
    }

    @Test
    void localToolsAndTheSameOriginGetThrough() throws Exception {
        start(new AdminAccess(Set.of("10.1.2.3"), null));
        String host = "127.0.0.1:" + server.port();

        Answer live = send("GET", "/live", Map.of("Host", "[::1]:" + server.port()), "");
        Answer advertised = send("GET", "/config_dump", Map.of("Host", "10.1.2.3:" + server.port()), "");
        Answer sameOrigin = send("GET", "/ready", Map.of("Host", host, "Origin", "http://" + host), "");
        Answer drain = send("POST", "/drain", Map.of("Host", host, "Content-Type", "application/json"), "{}");

        assertThat(live.status()).isEqualTo(200);
        assertThat(advertised.status()).isEqualTo(200);
        assertThat(sameOrigin.status()).isEqualTo(200);
        assertThat(drain.status()).isEqualTo(202);
    }

    @Test
    void withATokenOnlyTheProbesAreOpen() throws Exception {
        start(new AdminAccess(Set.of(), "s3cret"));
        String host = "127.0.0.1:" + server.port();

        Answer missing = send("POST", "/drain", Map.of("Host", host), "");
        Answer wrong = send("POST", "/drain", Map.of("Host", host, "Authorization", "Bearer guess"), "");
        Answer dump = send("GET", "/config_dump", Map.of("Host", host), "");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.head()).containsIgnoringCase("www-authenticate: Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(dump.status()).isEqualTo(401);
        assertThat(drains).hasValue(0);

        for (String probe : new String[] {"/ready", "/live", "/metrics"}) {
            assertThat(send("GET", probe, Map.of("Host", host), "").status()).as(probe).isEqualTo(200);
        }
        Answer drain = send("POST", "/drain", Map.of("Host", host, "Authorization", "Bearer s3cret"), "");
        assertThat(drain.status()).isEqualTo(202);
    }

    @Test
    void theMetricsPortServesTheProbesAndMetricsToAnyHostAndNothingElse() throws Exception {
        start(AdminAccess.localOnly());
        metrics.counter("banyan_probe_test_total").increment();
        AdminSources sources = new AdminSources(Readiness.of(() -> true, "never"), metrics, () -> MeshConfig.EMPTY,
                null, null, drains::incrementAndGet);
        try (ProbeServer probes = new ProbeServer("127.0.0.1", 0, sources)) {
            int port = probes.start();
            Map<String, String> podIp = Map.of("Host", "10.1.2.3:" + port); // as a scraper names a pod

            Answer scrape = send(port, "GET", "/metrics", podIp, "");
            Answer ready = send(port, "GET", "/ready", podIp, "");
            Answer live = send(port, "GET", "/live", podIp, "");
            Answer dump = send(port, "GET", "/config_dump", podIp, "");
            Answer why = send(port, "GET", "/debug/why?service=orders", podIp, "");
            Answer drain = send(port, "POST", "/drain", Map.of("Host", "127.0.0.1:" + port,
                    "Content-Type", "application/json"), "{}");

            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.body()).contains("banyan_probe_test_total");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(live.status()).isEqualTo(200);
            assertThat(dump.status()).isEqualTo(404);
            assertThat(why.status()).isEqualTo(404);
            assertThat(drain.status()).isEqualTo(404);
            assertThat(drains).hasValue(0);
            assertThat(probes.routes()).extracting(RouteTable.Route::template)
                    .containsExactlyInAnyOrder("/ready", "/live", "/metrics");
        }
        // the admin port itself refuses the same Host: hence the metrics port
        assertThat(send("GET", "/metrics", Map.of("Host", "10.1.2.3:" + server.port()), "").status())
                .isEqualTo(421);
    }

    private record Answer(int status, String head, String body) {
    }

    /** One request on its own connection, headers exactly as given (a JDK client would not send this Host). */
    private Answer send(String method, String path, Map<String, String> headers, String body) throws IOException {
        return send(server.port(), method, path, headers, body);
    }

    private static Answer send(int port, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            request.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String head = response.substring(0, split);
            return new Answer(Integer.parseInt(head.substring(9, 12)), head, response.substring(split + 4));
        }
    }
}
