package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.PromQlMetricNames;
import io.banyan.e2e.support.Scrape;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code deploy/observability} query only metrics the processes
 * export: a real control plane and two real sidecars (web calling orders, with mutual TLS) serve traffic that includes
 * failures (a dead instance, a service without instances, a plaintext connection to the inbound port, a 503), and every
 * {@code banyan_} name of every PromQL expression of both files must be a sample name of their {@code /metrics}.
 * The rule file is also checked by {@code promtool check rules} where promtool is installed.
 */
class ObservabilityFilesIT {

    static final Path OBSERVABILITY = Path.of("..", "deploy", "observability");
    static final Path DASHBOARD = OBSERVABILITY.resolve("grafana-dashboard.json");
    static final Path ALERTS = OBSERVABILITY.resolve("prometheus-alerts.yaml");

    private static final String ROUTES = """
            {"routes": [{"name": "orders-api", "match": {"path": {"prefix": "/"}}, "to": [{"service": "orders"}]}]}""";

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private final List<AppUpstream> apps = new ArrayList<>();

    @AfterEach
    void closeApps() {
        apps.forEach(AppUpstream::close);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExported() throws Exception {
        List<String> scrapes = scrapesAfterTrafficWithFailures();
        Files.writeString(Path.of("target", "observability-scrapes.txt"), String.join("\n", scrapes)); // when it fails

        assertExported(DASHBOARD, PromQlMetricNames.dashboardExpressions(DASHBOARD), scrapes);
        assertExported(ALERTS, PromQlMetricNames.ruleExpressions(ALERTS), scrapes);
    }

    @Test
    void theAccessLogAndTraceCountersAreOnTheDashboardAndAlertedOnThoughBothAreOffHere() throws Exception {
        Set<String> dashboard = names(PromQlMetricNames.dashboardExpressions(DASHBOARD));
        Set<String> alerts = names(PromQlMetricNames.ruleExpressions(ALERTS));

        assertThat(dashboard).contains("banyan_access_log_dropped_total", "banyan_trace_spans_dropped_total",
                "banyan_trace_spans_exported_total");
        assertThat(alerts).contains("banyan_access_log_dropped_total", "banyan_trace_spans_dropped_total");
        // the sidecars of the other test run with no access log and no OTLP endpoint: these counters are exported at
        // zero all the same, which that test's check of every queried name proves
    }

    private static Set<String> names(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        expressions.forEach(expr -> names.addAll(PromQlMetricNames.of(expr)));
        return names;
    }

    @Test
    void theRulesPassPromtool() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool),
                "promtool is not installed (Debian package prometheus): the rule file's syntax is checked by the "
                        + "YAML reading of the other test only");
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", ALERTS.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    private static void assertExported(Path file, List<String> expressions, List<String> scrapes) {
        Set<String> names = names(expressions);
        assertThat(names).as("banyan_ metrics queried by %s", file).hasSizeGreaterThan(10);

        Map<String, String> missing = PromQlMetricNames.missing(names, scrapes);

        assertThat(missing).as("metrics %s queries that no process exports", file).isEmpty();
    }

    /**
     * web's sidecar calls orders (one live instance behind its sidecar, one dead instance registered from outside the
     * mesh) over a named route, and payments (no instance at all); a plaintext client knocks on orders' inbound port;
     * the orders app answers one request 503. Returns the scrapes of both sidecars and the control plane.
     */
    private List<String> scrapesAfterTrafficWithFailures() throws IOException {
        AppUpstream orders = AppUpstream.named("orders-1").script(n -> n == 1 ? 503 : 200).start();
        apps.add(orders);
        Sidecar ordersSidecar = sidecars.forApp("orders", orders.port(), Duration.ofSeconds(30));
        controlPlane.admin().register("orders", "127.0.0.1", deadPort(), 60);
        HttpResponse<String> put = controlPlane.admin().send("PUT", "/v1/services/orders/routes",
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(ROUTES));
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 299);
        Sidecar web = sidecars.client("web", "orders", "payments");
        await().atMost(Duration.ofSeconds(30)).until(() -> MeshClient.endpointCount(web, "orders") == 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            client.get(web.upstreamPort("orders"), "/orders");
            Scrape scrape = Scrape.of(web.adminPort());
            return scrape.has("banyan_route_requests_seconds_count") && scrape.has("banyan_endpoint_errors_total")
                    && scrape.sum("banyan_endpoint_requests_seconds_count", Map.of("status_class", "5xx")) >= 1;
        });
        assertThat(client.get(web.upstreamPort("payments"), "/charge").statusCode()).isEqualTo(503);
        knockInPlaintext(ordersSidecar.inboundPort());
        await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.of(ordersSidecar.adminPort())
                .has("banyan_tls_handshake_failures_total"));

        return List.of(Scrape.of(web.adminPort()).text(), Scrape.of(ordersSidecar.adminPort()).text(),
                Scrape.of(controlPlane.controlPlane().adminPort()).text());
    }

    /** A port nothing listens on (bound, then closed): connects to it are refused. */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A plain HTTP request to a mutual-TLS-only port: the sidecar closes it as a failed handshake. */
    private static void knockInPlaintext(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: orders\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // until the sidecar closes the connection
            }
        }
    }
}
