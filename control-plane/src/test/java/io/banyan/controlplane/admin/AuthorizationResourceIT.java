package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.store.Store;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorization endpoints over a real socket: allow lists, the mesh default, errors, auth, durability. */
class AuthorizationResourceIT {

    private static final String TOKEN = "s3cret-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger changes = new AtomicInteger();
    private PrometheusMeterRegistry prometheus;
    private Store store;
    private Authorizations authorizations;
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        open();
    }

    private void open() throws Exception {
        store = Store.open(dir);
        authorizations = new Authorizations(store);
        authorizations.addListener(snapshot -> changes.incrementAndGet());
        changes.set(0); // a new listener is first told the current rules; count only the changes
        server = new AdminServer("127.0.0.1", 0, TOKEN, prometheus,
                List.of(new AuthorizationResource(authorizations, DryRuns.withoutNodes()))).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, TOKEN);
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return json(response, status);
    }

    @Test
    void aServiceWithoutAListFollowsTheAllowAllDefault() throws Exception {
        JsonNode rule = json(send("GET", "/v1/services/orders/authorization", null), 200);

        assertThat(rule.get("service").asText()).isEqualTo("orders");
        assertThat(rule.get("source").asText()).isEqualTo("default");
        assertThat(rule.get("allow")).isEmpty();
        assertThat(rule.get("defaultMode").asText()).isEqualTo("allow-all");
        assertThat(json(send("GET", "/v1/authorization/default", null), 200).get("mode").asText())
                .isEqualTo("allow-all");
    }

    @Test
    void putSetsTheAllowListSortedAndWithoutDuplicates() throws Exception {
        JsonNode rule = json(send("PUT", "/v1/services/orders/authorization",
                "{\"allow\":[\"web\",\"billing\",\"web\"]}"), 200);

        assertThat(rule.get("source").asText()).isEqualTo("service");
        assertThat(rule.get("allow").toString()).isEqualTo("[\"billing\",\"web\"]");
        assertThat(json(send("GET", "/v1/services/orders/authorization", null), 200).get("allow").toString())
                .isEqualTo("[\"billing\",\"web\"]");
        assertThat(authorizations.effective("orders").allow()).containsExactly("billing", "web");
        assertThat(changes).hasValue(1);
    }

    @Test
    void deleteFallsBackToTheDefault() throws Exception {
        send("PUT", "/v1/services/orders/authorization", "{\"allow\":[\"web\"]}");

        assertThat(send("DELETE", "/v1/services/orders/authorization", null).statusCode()).isEqualTo(204);

        assertThat(json(send("GET", "/v1/services/orders/authorization", null), 200).get("source").asText())
                .isEqualTo("default");
        assertThat(send("DELETE", "/v1/services/orders/authorization", null).statusCode())
                .as("idempotent").isEqualTo(204);
        assertThat(changes).hasValue(2);
    }

    @Test
    void theDefaultCanDenyUnlessAllowed() throws Exception {
        JsonNode mode = json(send("PUT", "/v1/authorization/default", "{\"mode\":\"deny-unless-allowed\"}"), 200);

        assertThat(mode.get("mode").asText()).isEqualTo("deny-unless-allowed");
        assertThat(authorizations.defaultMode()).isEqualTo(DefaultMode.DENY_UNLESS_ALLOWED);
        assertThat(json(send("GET", "/v1/services/orders/authorization", null), 200).get("defaultMode").asText())
                .isEqualTo("deny-unless-allowed");
        assertThat(changes).hasValue(1);
    }

    @Test
    void aBadCallerNameIsRejectedNamingTheElement() throws Exception {
        JsonNode problem = problem(send("PUT", "/v1/services/orders/authorization",
                "{\"allow\":[\"web\",\"Bad_Name\"]}"), 400);

        assertThat(problem.get("field").asText()).isEqualTo("allow[1]");
        assertThat(problem.get("detail").asText()).startsWith("allow[1]: 'Bad_Name' (expected: a DNS label");
        assertThat(changes).hasValue(0);
    }

    @Test
    void aMissingOrMistypedAllowIsRejected() throws Exception {
        assertThat(problem(send("PUT", "/v1/services/orders/authorization", "{}"), 400).get("field").asText())
                .isEqualTo("allow");
        assertThat(problem(send("PUT", "/v1/services/orders/authorization", "{\"allow\":\"web\"}"), 400)
                .get("field").asText()).isEqualTo("allow");
        assertThat(problem(send("PUT", "/v1/services/orders/authorization", "{\"allow\":[null]}"), 400)
                .get("field").asText()).isEqualTo("allow[0]");
        JsonNode booleanCaller = problem(send("PUT", "/v1/services/orders/authorization", "{\"allow\":[true]}"), 400);
        assertThat(booleanCaller.get("field").asText()).isEqualTo("allow[0]");
        assertThat(booleanCaller.get("detail").asText()).isEqualTo("allow[0]: true (expected: a string)");
        assertThat(problem(send("PUT", "/v1/authorization/default", "{\"mode\":false}"), 400).get("detail").asText())
                .isEqualTo("mode: false (expected: a string)");
        assertThat(problem(send("PUT", "/v1/services/orders/authorization", "{\"deny\":[]}"), 400)
                .get("field").asText()).isEqualTo("deny");
    }

    @Test
    void aBadServiceInThePathIsRejected() throws Exception {
        JsonNode problem = problem(send("PUT", "/v1/services/Orders/authorization", "{\"allow\":[\"web\"]}"), 400);

        assertThat(problem.get("field").asText()).isEqualTo("service");
    }

    @Test
    void anUnknownDefaultModeIsRejected() throws Exception {
        JsonNode problem = problem(send("PUT", "/v1/authorization/default", "{\"mode\":\"deny-all\"}"), 400);

        assertThat(problem.get("field").asText()).isEqualTo("mode");
        assertThat(problem.get("detail").asText())
                .isEqualTo("mode: 'deny-all' (expected: allow-all or deny-unless-allowed)");
        assertThat(problem(send("PUT", "/v1/authorization/default", "{}"), 400).get("field").asText())
                .isEqualTo("mode");
    }

    @Test
    void everyEndpointNeedsTheToken() throws Exception {
        assertThat(send("GET", "/v1/services/orders/authorization", null, null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", "/v1/services/orders/authorization", "{\"allow\":[]}", "wrong").statusCode())
                .isEqualTo(403);
        assertThat(send("PUT", "/v1/authorization/default", "{\"mode\":\"allow-all\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(changes).hasValue(0);
    }

    @Test
    void listsAndTheDefaultSurviveAStoreReopen() throws Exception {
        send("PUT", "/v1/services/orders/authorization", "{\"allow\":[\"web\"]}");
        send("PUT", "/v1/services/payments/authorization", "{\"allow\":[]}");
        send("PUT", "/v1/authorization/default", "{\"mode\":\"deny-unless-allowed\"}");
        stop();

        open();

        JsonNode orders = json(send("GET", "/v1/services/orders/authorization", null), 200);
        assertThat(orders.get("allow").toString()).isEqualTo("[\"web\"]");
        assertThat(orders.get("defaultMode").asText()).isEqualTo("deny-unless-allowed");
        assertThat(json(send("GET", "/v1/services/payments/authorization", null), 200).get("source").asText())
                .isEqualTo("service");
        assertThat(authorizations.effective("payments").allow()).isEmpty();
        assertThat(authorizations.effective("search").hasAllowList()).isFalse();
    }
}
