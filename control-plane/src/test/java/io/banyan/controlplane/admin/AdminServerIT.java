package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredInstance;
import io.banyan.controlplane.token.JoinTokens;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every admin endpoint over a real socket on 127.0.0.1, happy paths and errors. */
class AdminServerIT {

    private static final String TOKEN = "s3cret-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PrometheusMeterRegistry prometheus;
    private Store store;
    private Registry registry;
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        store = Store.open(dir);
        registry = new Registry(store, clock, prometheus);
        JoinTokens tokens = new JoinTokens(store, clock, new SecureRandom());
        server = new AdminServer("127.0.0.1", 0, TOKEN, prometheus, AdminResources.registry(registry, tokens)).start();
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization,
                                      String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, "Bearer " + TOKEN, body == null ? null : "application/json");
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("urn:banyan:problem:");
        assertThat(problem.get("title").asText()).isNotEmpty();
        assertThat(problem.get("detail").asText()).isNotEmpty();
        return problem;
    }

    private JsonNode register(String service, String body) throws Exception {
        HttpResponse<String> response = send("POST", "/v1/services/" + service + "/instances", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    @Test
    void registerReturnsTheInstanceWithLocation() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/services/orders/instances",
                "{\"host\":\"10.1.2.3\",\"port\":8080,\"zone\":\"a\",\"version\":\"v1\",\"weight\":3,"
                        + "\"ttlSeconds\":10,\"protocol\":\"http2\",\"metadata\":{\"k\":\"v\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode instance = JSON.readTree(response.body());
        String id = instance.get("id").asText();
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/instances/" + id);
        assertThat(instance.get("service").asText()).isEqualTo("orders");
        assertThat(instance.get("host").asText()).isEqualTo("10.1.2.3");
        assertThat(instance.get("port").asInt()).isEqualTo(8080);
        assertThat(instance.get("zone").asText()).isEqualTo("a");
        assertThat(instance.get("version").asText()).isEqualTo("v1");
        assertThat(instance.get("weight").asInt()).isEqualTo(3);
        assertThat(instance.get("ttlSeconds").asInt()).isEqualTo(10);
        assertThat(instance.get("protocol").asText()).isEqualTo("http2");
        assertThat(instance.get("metadata").get("k").asText()).isEqualTo("v");
        assertThat(instance.get("mesh").asBoolean()).isFalse();
        assertThat(instance.get("healthy").asBoolean()).isTrue();
        assertThat(instance.get("lastHeartbeat").asText()).isEqualTo(clock.instant().toString());

        JsonNode minimal = register("orders", "{\"host\":\"h2\",\"port\":1,\"mesh\":true}");
        assertThat(minimal.get("weight").asInt()).isEqualTo(1);
        assertThat(minimal.get("protocol").asText()).isEqualTo("http");
        assertThat(minimal.get("ttlSeconds").isNull()).isTrue();
        assertThat(minimal.get("mesh").asBoolean()).isTrue();

        HttpResponse<String> got = send("GET", "/v1/instances/" + id, null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(got.body())).isEqualTo(instance);
    }

    @Test
    void registrationErrorsNameTheField() throws Exception {
        String path = "/v1/services/orders/instances";
        assertThat(problem(send("POST", path, "{\"host\":\"h\"}"), 400).get("field").asText()).isEqualTo("port");
        JsonNode bigPort = problem(send("POST", path, "{\"host\":\"h\",\"port\":70000}"), 400);
        assertThat(bigPort.get("field").asText()).isEqualTo("port");
        assertThat(bigPort.get("detail").asText()).isEqualTo("port: 70000 (expected: 1..65535)");
        assertThat(bigPort.get("instance").asText()).isEqualTo(path);
        assertThat(problem(send("POST", path, "{\"host\":\"h\",\"port\":\"80\"}"), 400).get("field").asText())
                .isEqualTo("port");
        assertThat(problem(send("POST", path, "{\"host\":\"h\",\"port\":80,\"colour\":\"red\"}"), 400)
                .get("field").asText()).isEqualTo("colour");
        assertThat(problem(send("POST", path, "{\"port\":80}"), 400).get("field").asText()).isEqualTo("host");
        assertThat(problem(send("POST", path, "{\"host\":\"h\",\"port\":80,\"protocol\":\"udp\"}"), 400)
                .get("field").asText()).isEqualTo("protocol");
        assertThat(problem(send("POST", path, "{\"host\":\"h\",\"port\":80,\"weight\":500}"), 400)
                .get("field").asText()).isEqualTo("weight");
        assertThat(problem(send("POST", "/v1/services/Bad_Name/instances", "{\"host\":\"h\",\"port\":80}"), 400)
                .get("field").asText()).isEqualTo("service");
        JsonNode malformed = problem(send("POST", path, "{\"host\":\"h\",\n \"port\": }"), 400);
        assertThat(malformed.get("detail").asText()).contains("malformed JSON at line 2, column");
        assertThat(problem(send("POST", path, ""), 400).get("detail").asText()).contains("body: missing");
        problem(send("POST", path, "{\"host\":\"h\",\"port\":80}", "Bearer " + TOKEN, "text/plain"), 415);
        problem(send("POST", path, "{\"host\":\"h\",\"port\":80}", "Bearer " + TOKEN, null), 415);
        assertThat(registry.snapshot().services()).isEmpty();
    }

    @Test
    void bodiesAreReadWithStrictTypesNamingFieldAndExpectedType() throws Exception {
        String path = "/v1/services/orders/instances";
        JsonNode floatPort = problem(send("POST", path, "{\"host\":\"h\",\"port\":80.5}"), 400);
        assertThat(floatPort.get("field").asText()).isEqualTo("port");
        assertThat(floatPort.get("detail").asText()).isEqualTo("port: 80.5 (expected: an integer)");
        JsonNode numberMesh = problem(send("POST", path, "{\"host\":\"h\",\"port\":80,\"mesh\":1}"), 400);
        assertThat(numberMesh.get("field").asText()).isEqualTo("mesh");
        assertThat(numberMesh.get("detail").asText()).isEqualTo("mesh: 1 (expected: true or false)");
        assertThat(problem(send("POST", path, "{\"host\":\"h\",\"port\":80,\"version\":true}"), 400)
                .get("detail").asText()).isEqualTo("version: true (expected: a string)");
        assertThat(problem(send("POST", path, "{\"host\":\"h\",\"port\":80,\"weight\":2.0}"), 400)
                .get("field").asText()).isEqualTo("weight");
        assertThat(problem(send("POST", path, "{\"host\":\"h\",\"port\":80,\"metadata\":{\"k\":1}}"), 400)
                .get("field").asText()).isEqualTo("metadata.k");
        JsonNode floatTtl = problem(send("POST", "/v1/tokens", "{\"service\":\"orders\",\"ttlSeconds\":60.5}"), 400);
        assertThat(floatTtl.get("detail").asText()).isEqualTo("ttlSeconds: 60.5 (expected: an integer)");
        assertThat(problem(send("POST", "/v1/tokens", "{\"service\":false}"), 400).get("field").asText())
                .isEqualTo("service");
        assertThat(registry.snapshot().services()).isEmpty();
        assertThat(JSON.readTree(send("GET", "/v1/tokens", null).body()).get("tokens")).isEmpty();
    }

    @Test
    void heartbeatAndDeregister() throws Exception {
        String id = register("orders", "{\"host\":\"h\",\"port\":80,\"ttlSeconds\":5}").get("id").asText();
        clock.advance(Duration.ofSeconds(6));
        assertThat(JSON.readTree(send("GET", "/v1/instances/" + id, null).body()).get("healthy").asBoolean()).isFalse();

        HttpResponse<String> heartbeat = send("PUT", "/v1/instances/" + id + "/heartbeat", null);
        assertThat(heartbeat.statusCode()).isEqualTo(204);
        assertThat(heartbeat.body()).isEmpty();
        assertThat(JSON.readTree(send("GET", "/v1/instances/" + id, null).body()).get("healthy").asBoolean()).isTrue();

        JsonNode unknown = problem(send("PUT", "/v1/instances/no-such-id/heartbeat", null), 404);
        assertThat(unknown.get("detail").asText()).contains("no-such-id");
        assertThat(unknown.get("field").asText()).isEqualTo("id");

        assertThat(send("DELETE", "/v1/instances/" + id, null).statusCode()).isEqualTo(204);
        problem(send("DELETE", "/v1/instances/" + id, null), 404);
        problem(send("GET", "/v1/instances/" + id, null), 404);
    }

    @Test
    void services() throws Exception {
        HttpResponse<String> created = send("PUT", "/v1/services/payments", null);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/services/payments");
        assertThat(send("PUT", "/v1/services/payments", null).statusCode()).isEqualTo(200);
        problem(send("PUT", "/v1/services/Not_Valid", null), 400);
        String id = register("orders", "{\"host\":\"h\",\"port\":80}").get("id").asText();

        JsonNode list = JSON.readTree(send("GET", "/v1/services", null).body());
        assertThat(list.get("services")).hasSize(2);
        assertThat(list.get("services").get(0).get("name").asText()).isEqualTo("orders");
        assertThat(list.get("services").get(0).get("instances").get(0).get("id").asText()).isEqualTo(id);
        assertThat(list.get("services").get(0).get("instances").get(0).get("healthy").asBoolean()).isTrue();
        assertThat(list.get("services").get(1).get("name").asText()).isEqualTo("payments");
        assertThat(list.get("services").get(1).get("instances")).isEmpty();

        JsonNode orders = JSON.readTree(send("GET", "/v1/services/orders", null).body());
        assertThat(orders.get("name").asText()).isEqualTo("orders");
        assertThat(orders.get("instances")).hasSize(1);
        assertThat(problem(send("GET", "/v1/services/unknown", null), 404).get("field").asText()).isEqualTo("service");

        problem(send("DELETE", "/v1/services/orders", null), 409);
        send("DELETE", "/v1/instances/" + id, null);
        assertThat(send("DELETE", "/v1/services/orders", null).statusCode()).isEqualTo(204);
        problem(send("DELETE", "/v1/services/orders", null), 404);
    }

    @Test
    void aMassExpiryIsShownAsHeldInServicesAndMetrics() throws Exception {
        String first = register("orders", "{\"host\":\"h1\",\"port\":80,\"ttlSeconds\":5}").get("id").asText();
        clock.advance(Duration.ofSeconds(1));
        String second = register("orders", "{\"host\":\"h2\",\"port\":80,\"ttlSeconds\":5}").get("id").asText();
        clock.advance(Duration.ofSeconds(6)); // both missed their TTL: one of two may expire, the other is held

        JsonNode orders = JSON.readTree(send("GET", "/v1/services", null).body()).get("services").get(0);
        assertThat(orders.get("selfPreservation").asBoolean()).isTrue();
        java.util.Map<String, String> health = new java.util.HashMap<>();
        orders.get("instances").forEach(i -> health.put(i.get("id").asText(),
                i.get("health").asText() + "/" + i.get("healthy").asBoolean()));
        assertThat(health).containsEntry(first, "expired/false").containsEntry(second, "held/true");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(send("GET", "/metrics", null, null, null).body())
                        .contains("banyan_registry_held_instances{service=\"orders\"} 1.0")
                        .contains("banyan_registry_changes_total{kind=\"hold\"} 1.0"));

        assertThat(send("PUT", "/v1/instances/" + second + "/heartbeat", null).statusCode()).isEqualTo(204);
        JsonNode recovered = JSON.readTree(send("GET", "/v1/services/orders", null).body());
        assertThat(recovered.get("selfPreservation").asBoolean()).isFalse();
        assertThat(JSON.readTree(send("GET", "/v1/instances/" + second, null).body()).get("health").asText())
                .isEqualTo("healthy");
    }

    @Test
    void tokens() throws Exception {
        HttpResponse<String> issued = send("POST", "/v1/tokens", "{\"service\":\"orders\",\"ttlSeconds\":600}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode token = JSON.readTree(issued.body());
        String id = token.get("id").asText();
        assertThat(token.get("token").asText()).startsWith(id + ".");
        assertThat(token.get("service").asText()).isEqualTo("orders");
        assertThat(token.get("expiresAt").asText()).isEqualTo(clock.instant().plusSeconds(600).toString());

        HttpResponse<String> list = send("GET", "/v1/tokens", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(token.get("token").asText());
        JsonNode listed = JSON.readTree(list.body()).get("tokens");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).get("service").asText()).isEqualTo("orders");
        assertThat(listed.get(0).has("token")).isFalse();

        assertThat(problem(send("POST", "/v1/tokens", "{\"service\":\"NO\"}"), 400).get("field").asText())
                .isEqualTo("service");
        assertThat(problem(send("POST", "/v1/tokens", "{\"service\":\"a\",\"secret\":\"x\"}"), 400)
                .get("field").asText()).isEqualTo("secret");

        assertThat(send("DELETE", "/v1/tokens/" + id, null).statusCode()).isEqualTo(204);
        problem(send("DELETE", "/v1/tokens/" + id, null), 404);
        assertThat(JSON.readTree(send("GET", "/v1/tokens", null).body()).get("tokens")).isEmpty();
    }

    @Test
    void authentication() throws Exception {
        HttpResponse<String> missing = send("GET", "/v1/services", null, null, null);
        problem(missing, 401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        problem(send("GET", "/v1/services", null, "Basic dXNlcjpwYXNz", null), 401);
        problem(send("GET", "/v1/services", null, "Bearer ", null), 401);
        problem(send("GET", "/v1/services", null, "Bearer wrong-token", null), 403);
        problem(send("POST", "/v1/services/orders/instances", "{\"host\":\"h\",\"port\":80}", "Bearer nope",
                "application/json"), 403);
        assertThat(send("GET", "/v1/services", null, "bearer " + TOKEN, null).statusCode()).isEqualTo(200);
        assertThat(registry.snapshot().services()).isEmpty();
    }

    @Test
    void healthzAndMetricsNeedNoToken() throws Exception {
        register("orders", "{\"host\":\"h\",\"port\":80}");
        HttpResponse<String> health = send("GET", "/healthz", null, null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().trim()).isEqualTo("ok");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> metrics = send("GET", "/metrics", null, null, null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains("banyan_admin_requests_total{method=\"POST\",route=\"/v1/services/{service}/instances\","
                            + "status=\"201\"} 1.0")
                    .contains("banyan_registry_instances{healthy=\"true\",service=\"orders\"} 1.0");
        });
    }

    @Test
    void unknownPathAndWrongMethod() throws Exception {
        assertThat(problem(send("GET", "/v1/nothing-here", null), 404).get("instance").asText()).isEqualTo("/v1/nothing-here");
        HttpResponse<String> wrongMethod = send("PATCH", "/v1/services/orders", "{}");
        problem(wrongMethod, 405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD, PUT, DELETE");
        // bodies over the cap (413, with and without Expect: 100-continue): AdminProtocolIT, on raw sockets
        assertThat(send("GET", "/healthz", null, null, null).statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void emptyAdminTokenTurnsAuthOff() throws Exception {
        try (AdminServer open = new AdminServer("127.0.0.1", 0, "", prometheus,
                AdminResources.registry(registry, new JoinTokens(store, clock, new SecureRandom()))).start()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + open.port() + "/v1/services")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("services")).isEmpty();
        }
    }

    @Test
    void concurrentRegistrationsAreAnsweredOnlyOnceDurableAndShareSyncs() throws Exception {
        int registrations = 400;
        long syncsBefore = store.syncs();
        Semaphore inFlight = new Semaphore(32); // 32 concurrent clients
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < registrations; i++) {
            inFlight.acquire();
            String body = "{\"host\":\"10.0." + (i / 256) + "." + (i % 256) + "\",\"port\":8080,\"ttlSeconds\":30}";
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                    + "/v1/services/svc-" + (i % 8) + "/instances")).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> inFlight.release()));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            ids.add(JSON.readTree(response.body()).get("id").asText());
        }
        // A crash right after the last answer: the files as they are now, the store still open.
        Path crashed = Files.createDirectories(dir.resolve("crashed"));
        for (String name : List.of(Store.FILE_NAME, Store.FILE_NAME + ".version")) {
            Files.copy(dir.resolve(name), crashed.resolve(name));
        }

        assertThat(ids).hasSize(registrations);
        assertThat(store.syncs() - syncsBefore).as("one sync covers several clients' registrations")
                .isLessThan(registrations);
        try (Store reopened = Store.open(crashed)) {
            assertThat(reopened.instances().values()).extracting(StoredInstance::id)
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }
}
