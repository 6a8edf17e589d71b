package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.adminserver.AdminLimits;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin port's protection against connection exhaustion and slow clients, with small limits on real sockets:
 * over the connection limit /healthz and /metrics still answer, slow heads and bodies get 408, idle connections close.
 */
class AdminConnectionLimitsIT {

    private static final String TOKEN = "limits-admin-token";
    private static final String PING = "GET /v1/ping HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n";
    private static final String HEALTHZ = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n";

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<RawAdminConnection> opened = new ArrayList<>();
    private AdminServer server;

    private void start(AdminLimits limits) throws InterruptedException {
        AdminResource ping = routes -> routes.add("GET", "/v1/ping", request -> AdminResponse.text(200, "text/plain", "pong"));
        server = new AdminServer("127.0.0.1", 0, TOKEN, prometheus, List.of(ping), limits).start();
    }

    @AfterEach
    void stop() throws IOException {
        for (RawAdminConnection connection : opened) {
            connection.close();
        }
        server.close();
    }

    private RawAdminConnection open() throws IOException {
        RawAdminConnection connection = new RawAdminConnection(server.port());
        opened.add(connection);
        return connection;
    }

    private double counter(String name, String... tags) {
        var counter = prometheus.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void overTheConnectionLimitHealthzAndMetricsStillAnswerAndTheRestIsRefused() throws Exception {
        int max = 8;
        start(new AdminLimits(max, Duration.ofSeconds(30), Duration.ofSeconds(60)));
        for (int i = 0; i < max; i++) {
            assertThat(open().send(PING).read().status()).isEqualTo(200); // kept alive: the limit is taken
        }

        RawAdminConnection overLimit = open();
        RawAdminConnection.Response refused = overLimit.send(PING).read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers().get("content-type")).isEqualTo("application/problem+json");
        assertThat(new ObjectMapper().readTree(refused.body()).get("detail").asText())
                .startsWith("connections: the admin API's limit of 8 is reached");
        assertThat(overLimit.closedByPeer()).isTrue();
        overLimit.close();

        int probes = 20;
        int failed = 0;
        for (int i = 0; i < probes; i++) {
            try (RawAdminConnection probe = new RawAdminConnection(server.port())) {
                RawAdminConnection.Response health = probe.send(HEALTHZ).read();
                failed += health.status() == 200 && health.body().equals("ok\n") ? 0 : 1;
                assertThat(health.headers().get("connection")).isEqualTo("close");
            }
        }
        assertThat(failed).as("failed /healthz probes while the limit is reached").isZero();
        try (RawAdminConnection scrape = new RawAdminConnection(server.port())) {
            RawAdminConnection.Response metrics = scrape.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(metrics.status()).isEqualTo(200);
            double open = metrics.body().lines().filter(line -> line.startsWith("banyan_admin_connections "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(0);
            assertThat(open).as("open admin connections").isGreaterThan(max);
        }

        for (int i = 0; i < AdminLimits.PROBE_CONNECTIONS; i++) {
            open(); // silent connections hold the probe connections
        }
        assertThat(open().closedByPeer()).as("a connection beyond the limit and the probe connections").isTrue();
        assertThat(counter(MetricNames.ADMIN_CONNECTIONS_REFUSED)).isGreaterThanOrEqualTo(1);

        for (RawAdminConnection connection : opened) {
            connection.close();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (RawAdminConnection again = new RawAdminConnection(server.port())) {
                assertThat(again.send(PING).read().status()).isEqualTo(200);
            }
        });
    }

    @Test
    void aHeadSlowerThanTheHeaderTimeoutIsAnswered408() throws Exception {
        start(new AdminLimits(8, Duration.ofMillis(300), Duration.ofSeconds(60)));
        RawAdminConnection slow = open().send("GET /healthz HTTP/1.1\r\nHost: a\r\n"); // the head never ends
        RawAdminConnection.Response timedOut = slow.read();
        assertThat(timedOut.status()).isEqualTo(408);
        assertThat(timedOut.headers().get("content-type")).isEqualTo("application/problem+json");
        assertThat(slow.closedByPeer()).isTrue();
        assertThat(counter(MetricNames.ADMIN_TIMEOUTS, "timeout", "header")).isEqualTo(1);
    }

    @Test
    void aBodyPausingLongerThanTheHeaderTimeoutIsAnswered408() throws Exception {
        start(new AdminLimits(8, Duration.ofMillis(300), Duration.ofSeconds(60)));
        RawAdminConnection slow = open().send("POST /v1/ping HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(slow.read().status()).isEqualTo(408);
        assertThat(slow.closedByPeer()).isTrue();
        assertThat(counter(MetricNames.ADMIN_TIMEOUTS, "timeout", "body")).isEqualTo(1);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(new AdminLimits(8, Duration.ofSeconds(30), Duration.ofMillis(300)));
        assertThat(open().closedByPeer()).as("a connection that never sends").isTrue();
        RawAdminConnection kept = open();
        assertThat(kept.send(HEALTHZ).read().status()).isEqualTo(200);
        assertThat(kept.closedByPeer()).as("a kept-alive connection after its request").isTrue();
        assertThat(counter(MetricNames.ADMIN_TIMEOUTS, "timeout", "idle")).isEqualTo(2);
    }
}
