package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.banyan.cli.Cli;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Migrations on real sockets: a monolith registered through the API (no sidecar), a new {@code orders} service behind
 * its sidecar, a client sidecar calling the monolith; the migration object moves {@code /orders} between them, its
 * stats arriving over load reports. Counts, not timings: a bad release's failures stay within what its guard allows.
 */
class MigrationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REPORTS = Duration.ofMillis(200);

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension(
            settings -> settings.toBuilder().loadReportInterval(REPORTS).build());
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final HttpClient client = HttpClient.newHttpClient();
    /** Every request a caller sent through the mesh, and how many of them got a 5xx. */
    private int sent;
    private int failures;
    private final List<HttpServer> apps = new ArrayList<>();
    private int monolithPort;

    @AfterEach
    void stopApps() {
        apps.forEach(app -> app.stop(0));
    }

    /**
     * The new side answers 500 to one request in 20 at 25 %: once it has the guard's minRequests over the window,
     * the guard sees 5 % > maxErrorRate and rolls back by itself. Requests go in batches, each counted by the
     * control plane before the next, so the new side has fewer than minRequests + one batch when the guard trips:
     * callers saw at most that many new-side requests' worth of its errors.
     */
    @Test
    void aBadReleaseIsRolledBackByItsGuardWithinTheFailuresItsWindowAllows() throws Exception {
        int minRequests = 100;
        int batch = 20;
        AtomicInteger newSide = new AtomicInteger();
        startMesh(exchange -> reply(exchange, 200, "monolith"),
                exchange -> reply(exchange, newSide.incrementAndGet() % 20 == 0 ? 500 : 200, "orders"));
        create("""
                {"name": "orders-move", "match": {"path": {"prefix": "/orders"}}, "from": "monolith", "to": "orders",
                 "steps": [25, 100],
                 "guard": {"maxErrorRate": 0.01, "minRequests": %d, "window": "1m"}}
                """.formatted(minRequests));
        await().atMost(Duration.ofSeconds(20)).until(() -> send("/orders/1").body().equals("orders"));

        while (!"rolled-back".equals(migration().path("state").asText())) {
            for (int i = 0; i < batch; i++) {
                send("/orders/" + i);
            }
            int expected = sent;
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode stats = migration().path("stats");
                return stats.path("from").path("requests").asLong() + stats.path("to").path("requests").asLong()
                        >= expected || "rolled-back".equals(migration().path("state").asText());
            });
            if (migration().path("stats").path("to").path("requests").asLong() >= minRequests) {
                await().atMost(Duration.ofSeconds(20)).until(() -> "rolled-back".equals(migration().path("state").asText()));
            }
            assertThat(sent).as("requests before the guard acted").isLessThan(5_000);
        }

        assertThat(failures).as("callers' failures").isPositive()
                .isLessThanOrEqualTo((minRequests + batch) / 20);
        JsonNode last = lastEvent("orders-move");
        assertThat(last.path("type").asText()).isEqualTo("rolled-back");
        assertThat(last.path("by").asText()).isEqualTo("guard");
        assertThat(last.path("reason").asText()).contains("maxErrorRate");
        JsonNode view = migration();
        assertThat(view.path("weight").asInt()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> send("/orders/1").body().equals("monolith"));
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> after = send("/orders/" + i);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).isEqualTo("monolith");
        }
    }


    /**
     * While shadowing, each request to /orders also goes to the new service; the two JSON answers are compared with
     * {@code $.timestamp} ignored. A different {@code total} on /orders/7 is reported with its request id and JSON
     * pointer; /orders/8, which differs only in its timestamp, is equal. Callers get the monolith's answers only.
     */
    @Test
    void aShadowAnsweringADifferentJsonFieldIsReportedWithItsPointerAndAnIgnoredFieldIsNot() throws Exception {
        AtomicInteger clock = new AtomicInteger();
        startMesh(exchange -> json(exchange, exchange.getRequestURI().getPath().endsWith("/7")
                        ? "{\"id\": 7, \"total\": 10, \"timestamp\": " + clock.incrementAndGet() + "}"
                        : "{\"id\": 8, \"total\": 10, \"timestamp\": " + clock.incrementAndGet() + "}"),
                exchange -> json(exchange, exchange.getRequestURI().getPath().endsWith("/7")
                        ? "{\"id\": 7, \"total\": 11, \"timestamp\": -1}"
                        : "{\"id\": 8, \"total\": 10, \"timestamp\": -1}"));
        create("""
                {"name": "orders-move", "match": {"path": {"prefix": "/orders"}}, "from": "monolith", "to": "orders",
                 "steps": [0, 100], "shadow": {"percent": 100},
                 "compare": {"status": true, "body": "json", "ignore": ["$.timestamp"]}}
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            send("/orders/8");
            return shadow().path("equal").asLong() >= 1;
        });

        HttpResponse<String> seven = send("/orders/7", "order-7-total");

        assertThat(seven.body()).contains("\"total\": 10");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(differences())
                .anySatisfy(difference -> {
                    assertThat(difference.path("requestId").asText()).isEqualTo("order-7-total");
                    assertThat(difference.path("path").asText()).isEqualTo("/orders/7");
                    assertThat(difference.path("kind").asText()).isEqualTo("body");
                    assertThat(difference.path("where").asText()).isEqualTo("/total");
                    assertThat(difference.path("fromStatus").asInt()).isEqualTo(200);
                    assertThat(difference.path("toStatus").asInt()).isEqualTo(200);
                }));
        assertThat(differences()).noneSatisfy(difference ->
                assertThat(difference.path("where").asText()).contains("timestamp"));
        assertThat(differences()).allSatisfy(difference ->
                assertThat(difference.path("path").asText()).isEqualTo("/orders/7"));
        assertThat(failures).isZero();
    }

    /**
     * A shadow that refuses connections, then one that holds every answer until the callers are done: the callers'
     * statuses and bodies are exactly those of a run without shadowing, and every copy is counted as what it was.
     */
    @Test
    void aRefusingOrHangingShadowLeavesCallersExactlyAsWithoutIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        startMesh(exchange -> reply(exchange, 200, "monolith " + exchange.getRequestURI().getPath()),
                exchange -> {
                    held.incrementAndGet();
                    try {
                        release.await(60, TimeUnit.SECONDS); // a shadow that answers only after the callers are done
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return reply(exchange, 200, "late");
                });
        int requests = 40;
        List<String> without = answers(requests);

        int refusing;
        try (ServerSocket closed = new ServerSocket(0)) {
            refusing = closed.getLocalPort();
        }
        controlPlane.admin().register("refusing", "127.0.0.1", refusing, null);
        create("""
                {"name": "to-refusing", "match": {"path": {"prefix": "/orders"}}, "from": "monolith", "to": "refusing",
                 "steps": [0, 100], "shadow": {"percent": 100}}
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            send("/orders/warm-up");
            return shadow("to-refusing").path("failed").asLong() >= 1;
        });
        long before = copies(shadow("to-refusing"));
        assertThat(answers(requests)).as("callers with a refusing shadow").isEqualTo(without);
        await().atMost(Duration.ofSeconds(30)).until(() -> copies(shadow("to-refusing")) >= before + requests);
        JsonNode refused = shadow("to-refusing");
        assertThat(refused.path("equal").asLong() + refused.path("different").asLong()).isZero();
        assertThat(refused.path("failed").asLong() + refused.path("dropped").asLong()).isGreaterThanOrEqualTo(before + requests);
        controlPlane.admin().send("POST", "/v1/migrations/to-refusing/rollback", null);
        controlPlane.admin().send("DELETE", "/v1/migrations/to-refusing", null);

        create("""
                {"name": "orders-move", "match": {"path": {"prefix": "/orders"}}, "from": "monolith", "to": "orders",
                 "steps": [0, 100], "shadow": {"percent": 100}}
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            send("/orders/warm-up");
            return held.get() > 0;
        });
        assertThat(answers(requests)).as("callers with a shadow that holds its answers").isEqualTo(without);
        release.countDown();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode ended = shadow();
            assertThat(copies(ended)).as("every copy ends, as compared, failed or dropped").isGreaterThanOrEqualTo(requests);
        });
        assertThat(failures).isZero();
    }

    /**
     * Advancing every second while the new side is healthy, a migration reaches 100 % and completes on its own, the
     * last step written as a permanent route; another, advanced by hand, survives a control-plane restart at the
     * same step, still routing.
     */
    @Test
    void aHealthyMigrationAdvancesOnScheduleToCompleteAndARestartResumesAtItsStep() throws Exception {
        startMesh(exchange -> reply(exchange, 200, "monolith"), exchange -> reply(exchange, 200, "orders"));
        create("""
                {"name": "orders-move", "match": {"path": {"prefix": "/orders"}}, "from": "monolith", "to": "orders",
                 "steps": [0, 50, 100], "advance": {"every": "1s"},
                 "guard": {"maxErrorRate": 0.01, "minRequests": 5, "window": "10s"}}
                """);
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            send("/orders/1");
            return "complete".equals(migration().path("state").asText());
        });
        JsonNode events = events("orders-move");
        assertThat(events).extracting(event -> event.path("type").asText() + " by " + event.path("by").asText())
                .containsSubsequence("advanced by schedule", "advanced by schedule", "completed by schedule");
        HttpResponse<String> routes = controlPlane.admin().send("GET", "/v1/services/monolith/routes", null);
        assertThat(routes.body()).contains("orders-move");
        await().atMost(Duration.ofSeconds(20)).until(() -> send("/orders/2").body().equals("orders"));

        create("""
                {"name": "users-move", "match": {"path": {"prefix": "/users"}}, "from": "monolith", "to": "orders",
                 "steps": [0, 50, 100]}
                """);
        assertThat(ctl("migrations", "advance", "users-move")).isEqualTo("users-move: shifting, step 1/2, weight 50 %\n");
        JsonNode before = view("users-move");
        assertThat(before.path("weight").asInt()).isEqualTo(50);

        controlPlane.restart();

        JsonNode after = view("users-move");
        assertThat(after.path("state").asText()).isEqualTo("shifting");
        assertThat(after.path("step").asInt()).isEqualTo(1);
        assertThat(after.path("stepStartedAt").asText()).isEqualTo(before.path("stepStartedAt").asText());
        assertThat(ctl("migrations", "get", "users-move")).startsWith("users-move: shifting, step 1/2, weight 50 %\n");
        assertThat(ctl("migrations", "list")).contains("orders-move  complete", "users-move   shifting");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            java.util.Set<String> servers = new java.util.HashSet<>();
            for (int i = 0; i < 40; i++) {
                servers.add(send("/users/" + i).body());
            }
            assertThat(servers).containsExactlyInAnyOrder("monolith", "orders");
        });
        assertThat(failures).isZero();
    }

    // ---------------------------------------------------------------- set-up

    private void startMesh(Function<HttpExchange, Void> monolith, Function<HttpExchange, Void> orders)
            throws IOException {
        HttpServer legacy = app(monolith);
        monolithPort = legacy.getAddress().getPort();
        controlPlane.admin().register("monolith", "127.0.0.1", monolithPort, null);
        HttpServer modern = app(orders);
        sidecars.forApp("orders", modern.getAddress().getPort(), Duration.ofSeconds(10));
        caller = sidecars.client("shop", "monolith");
    }

    private Sidecar caller;

    private HttpServer app(Function<HttpExchange, Void> handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                handler.apply(exchange);
            }
        });
        server.start();
        apps.add(server);
        return server;
    }

    private static Void reply(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return null;
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return send(path, "");
    }

    /** A request from the caller's app to the monolith, through its sidecar; counted, with its 5xx answers. */
    private HttpResponse<String> send(String path, String requestId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + caller.upstreamPort("monolith") + path)).timeout(Duration.ofSeconds(30));
        if (!requestId.isEmpty()) {
            request.header("x-request-id", requestId);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        sent++;
        failures += response.statusCode() >= 500 ? 1 : 0;
        return response;
    }

    /** {@code banyan ctl ARGS} against this control plane's admin API: what it printed (exit 0 asserted). */
    private String ctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("ctl"));
        all.addAll(List.of(args));
        all.addAll(List.of("--admin-url", controlPlane.admin().baseUrl(), "--admin-token", controlPlane.admin().token()));
        int code = new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true)).run(all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private void create(String body) throws IOException {
        HttpResponse<String> created = controlPlane.admin().send("POST", "/v1/migrations", JSON.readTree(body));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private JsonNode migration() throws IOException {
        return view("orders-move");
    }
    private List<String> answers(int requests) throws IOException, InterruptedException {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = send("/orders/" + i);
            answers.add(response.statusCode() + " " + response.body());
        }
        return answers;
    }

    private static Void json(HttpExchange exchange, String body) {
        exchange.getResponseHeaders().set("content-type", "application/json");
        return reply(exchange, 200, body);
    }

    private JsonNode shadow() throws IOException {
        return shadow("orders-move");
    }

    private JsonNode shadow(String name) throws IOException {
        return view(name).path("stats").path("shadow");
    }

    private static long copies(JsonNode shadow) {
        return shadow.path("equal").asLong() + shadow.path("different").asLong() + shadow.path("failed").asLong()
                + shadow.path("dropped").asLong();
    }

    private List<JsonNode> differences() throws IOException {
        List<JsonNode> list = new ArrayList<>();
        shadow().path("differences").forEach(list::add);
        return list;
    }

    private JsonNode events(String name) throws IOException {
        HttpResponse<String> events = controlPlane.admin().send("GET", "/v1/migrations/" + name + "/events", null);
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        return JSON.readTree(events.body()).path("events");
    }

    private JsonNode view(String name) throws IOException {
        HttpResponse<String> view = controlPlane.admin().send("GET", "/v1/migrations/" + name, null);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        return JSON.readTree(view.body());
    }


    private JsonNode lastEvent(String name) throws IOException {
        JsonNode list = events(name);
        return list.get(list.size() - 1);
    }
}
