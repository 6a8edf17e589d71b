package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.adminserver.AdminToken;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.support.AdminClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revisions, ETags and If-Match over the real admin API of a real control plane: every configuration write is a
 * revision listed with its diff; GETs and writes answer the ETag; a stale If-Match is a 412 and writes nothing.
 */
class RevisionsResourceIT {

    private static final String TOKEN = "revisions-admin-token";
    private static final String ALICE = "alice-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTES = """
            {"routes": [{"name": "split", "match": {"path": {"prefix": "/orders"}},
                         "to": [{"service": "orders", "weight": 90}, {"service": "orders-v2", "weight": 10}]}]}""";
    private static final String ROUTES_25 = ROUTES.replace("90", "75").replace("10}", "25}");

    @TempDir
    Path dataDir;

    private ControlPlane controlPlane;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0)
                .xdsPort(0).adminToken(TOKEN).adminTokens(List.of(new AdminToken("alice", ALICE))).build());
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);
        assertThat(etag(admin.put("/v1/services/web", null))).as("revision 1").isEqualTo("\"1\"");
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String ifMatch) throws Exception {
        return admin.send(method, path, body, ifMatch);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return admin.send(method, path, body);
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    @Test
    void everyWriteIsARevisionListedNewestFirstWithItsAuthorAndDiff() throws Exception {
        assertThat(etag(send("PUT", "/v1/services/web/routes", ROUTES))).isEqualTo("\"2\"");
        assertThat(etag(send("PUT", "/v1/services/web/routes", ROUTES_25))).isEqualTo("\"3\"");
        assertThat(etag(send("PUT", "/v1/authorization/default", "{\"mode\":\"deny-unless-allowed\"}")))
                .isEqualTo("\"4\"");

        JsonNode all = json(send("GET", "/v1/revisions", null), 200).get("revisions");
        assertThat(all).extracting(r -> r.get("revision").asLong()).containsExactly(4L, 3L, 2L, 1L);
        assertThat(all.get(3).get("kind").asText() + " " + all.get(3).get("action").asText())
                .isEqualTo("service create");
        assertThat(all).allSatisfy(r -> assertThat(r.get("author").asText()).isEqualTo("admin"));
        JsonNode update = all.get(1);
        assertThat(update.get("kind").asText()).isEqualTo("routes");
        assertThat(update.get("object").asText()).isEqualTo("web");
        assertThat(update.get("action").asText()).isEqualTo("update");
        assertThat(update.has("revertOf")).isFalse();
        assertThat(update.get("at").asText()).endsWith("Z");
        assertThat(update.get("diff")).extracting(JsonNode::asText).containsExactly(
                "~ routes[0].to[0].weight: 90 -> 75", "~ routes[0].to[1].weight: 10 -> 25");
        assertThat(all.get(0).get("object").asText()).isEqualTo("*");

        JsonNode web = json(send("GET", "/v1/revisions?service=web&kind=routes&limit=1", null), 200).get("revisions");
        assertThat(web).extracting(r -> r.get("revision").asLong()).containsExactly(3L);

        JsonNode whole = json(send("GET", "/v1/revisions/2", null), 200);
        assertThat(whole.get("before").isNull()).isTrue();
        assertThat(whole.at("/after/routes/0/name").asText()).isEqualTo("split");
        assertThat(json(send("GET", "/v1/revisions/99", null), 404).get("detail").asText()).contains("revision 99");
        assertThat(json(send("GET", "/v1/revisions?limit=0", null), 400).get("detail").asText())
                .isEqualTo("limit: '0' (expected: an integer 1..500)");
        assertThat(json(send("GET", "/v1/revisions?kind=colour", null), 400).get("detail").asText())
                .startsWith("kind: 'colour' (expected: one of policy, authorization,");
    }

    @Test
    void theAuthorIsTheNameOfTheTokenTheWriteWasMadeWith() throws Exception {
        AdminClient alice = new AdminClient(controlPlane.adminPort(), ALICE);
        assertThat(alice.put("/v1/services/web/authorization", "{\"allow\":[\"gateway\"]}").statusCode())
                .isEqualTo(200);
        send("DELETE", "/v1/services/web/authorization", null);

        assertThat(json(send("GET", "/v1/revisions?service=web", null), 200).get("revisions"))
                .extracting(r -> r.get("kind").asText() + " " + r.get("action").asText() + " by "
                        + r.get("author").asText())
                .containsExactly("authorization delete by admin", "authorization create by alice",
                        "service create by admin");
    }

    @Test
    void everyConfigurationGetAnswersTheETagOfTheRevisionThatLastWroteIt() throws Exception {
        send("PUT", "/v1/services/web/policy", "{\"retries\":{\"numRetries\":3}}");
        send("PUT", "/v1/services/web/authorization", "{\"allow\":[\"gateway\"]}");
        send("PUT", "/v1/gateways/edge/routes", ROUTES);
        assertThat(etag(send("GET", "/v1/services/web", null))).isEqualTo("\"1\"");
        assertThat(etag(send("GET", "/v1/services/web/policy", null))).isEqualTo("\"2\"");
        assertThat(etag(send("GET", "/v1/services/web/authorization", null))).isEqualTo("\"3\"");
        assertThat(etag(send("GET", "/v1/gateways/edge/routes", null))).isEqualTo("\"4\"");
        assertThat(etag(send("GET", "/v1/authorization/default", null))).isEqualTo("\"0\"");
        HttpResponse<String> deleted = send("DELETE", "/v1/services/web/policy", null, "\"2\"");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(etag(deleted)).isEqualTo("\"0\"");
        assertThat(json(send("GET", "/v1/revisions/5", null), 200).get("action").asText()).isEqualTo("delete");
    }

    @Test
    void aStaleOrMalformedIfMatchIsRefusedAndWritesNothing() throws Exception {
        send("PUT", "/v1/services/web/routes", ROUTES);
        send("PUT", "/v1/services/web/routes", ROUTES_25);

        HttpResponse<String> stale = send("PUT", "/v1/services/web/routes", ROUTES, "\"2\"");
        JsonNode problem = json(stale, 412);
        assertThat(problem.get("detail").asText()).isEqualTo("If-Match: \"2\" (expected: the current ETag \"3\")");
        assertThat(etag(stale)).isEqualTo("\"3\"");
        assertThat(json(send("DELETE", "/v1/services/web/routes", null, "\"2\""), 412)).isNotNull();
        assertThat(json(send("PUT", "/v1/services/web/routes", ROUTES, "42"), 400).get("detail").asText())
                .startsWith("If-Match: 42 (expected: * or up to 16 strong ETags");
        assertThat(json(send("PUT", "/v1/services/web/policy", "{}", "*"), 412).get("detail").asText())
                .contains("the object does not exist");

        assertThat(json(send("GET", "/v1/services/web/routes", null), 200).at("/routes/0/to/0/weight").asInt())
                .isEqualTo(75);
        assertThat(json(send("PUT", "/v1/services/billing/policy", "{}", "\"7\""), 412)).isNotNull();
        assertThat(json(send("PUT", "/v1/services/billing/routes", ROUTES, "\"7\""), 412)).isNotNull();
        assertThat(send("GET", "/v1/services/billing", null).statusCode())
                .as("a refused write creates no service").isEqualTo(404);
        assertThat(json(send("GET", "/v1/revisions", null), 200).get("revisions")).hasSize(3);
        assertThat(send("PUT", "/v1/services/web/routes", ROUTES, "\"2\", \"3\"").statusCode()).isEqualTo(200);
    }

    @Test
    void aMigrationsStateActionsAreNotRevertedItsCreateIsOnceItIsDone() throws Exception {
        String move = """
                {"name": "orders-move", "match": {"path": {"prefix": "/orders"}}, "from": "monolith", "to": "orders",
                 "steps": [0, 25, 100]}""";
        HttpResponse<String> created = send("POST", "/v1/migrations", move);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(etag(created)).isEqualTo("\"2\"");
        HttpResponse<String> advanced = send("POST", "/v1/migrations/orders-move/advance", null, "\"2\"");
        assertThat(advanced.statusCode()).as(advanced.body()).isEqualTo(200);
        assertThat(etag(advanced)).isEqualTo("\"3\"");
        assertThat(json(send("POST", "/v1/migrations/orders-move/pause", null, "\"2\""), 412)).isNotNull();

        assertThat(json(send("POST", "/v1/revisions/3/revert", null), 409).get("detail").asText())
                .startsWith("revision 3 (advance of migration 'orders-move') cannot be reverted");
        assertThat(json(send("POST", "/v1/revisions/2/revert", null), 409).get("detail").asText())
                .contains("cannot delete a shifting migration");
        send("POST", "/v1/migrations/orders-move/rollback", null);
        JsonNode deleted = json(send("POST", "/v1/revisions/2/revert", null), 201);
        assertThat(deleted.get("action").asText()).isEqualTo("delete");
        assertThat(send("GET", "/v1/migrations/orders-move", null).statusCode()).isEqualTo(404);
        assertThat(json(send("GET", "/v1/revisions?kind=migration", null), 200).get("revisions"))
                .extracting(r -> r.get("action").asText()).containsExactly("delete", "rollback", "advance", "create");
    }

    @Test
    void twoWritersWithTheSameETagOneWinsTheOtherGets412() throws Exception {
        String etag = etag(send("PUT", "/v1/services/web/routes", ROUTES));
        CompletableFuture<HttpResponse<String>> first = admin.sendAsync("PUT", "/v1/services/web/routes", ROUTES_25,
                etag);
        CompletableFuture<HttpResponse<String>> second = admin.sendAsync("PUT", "/v1/services/web/routes",
                ROUTES.replace("90", "50").replace("10}", "50}"), etag);
        List<HttpResponse<String>> answers = List.of(first.get(), second.get());

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 412);
        HttpResponse<String> winner = answers.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
        HttpResponse<String> stored = send("GET", "/v1/services/web/routes", null);
        assertThat(JSON.readTree(stored.body()).get("routes")).isEqualTo(JSON.readTree(winner.body()).get("routes"));
        assertThat(etag(stored)).isEqualTo(etag(winner)).isEqualTo("\"3\"");
    }
}
