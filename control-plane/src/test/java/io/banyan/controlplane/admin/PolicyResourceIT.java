package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET/PUT/DELETE /v1/services/{service}/policy over a real socket, errors, and durability across a restart. */
class PolicyResourceIT {

    private static final String TOKEN = "policy-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            {"loadBalancing":{"policy":"least_request","zoneAware":true},
             "timeouts":{"request":"3s","perTry":"1s"},
             "retries":{"retryOn":"5xx","numRetries":3},
             "outlierDetection":{"consecutive5xx":7},
             "rateLimit":{"maxTokens":50}}""";

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Store store;
    private Registry registry;
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry = new Registry(store, clock, meters);
        PolicyBook policies = new PolicyBook(store, clock);
        server = new AdminServer("127.0.0.1", 0, TOKEN, meters,
                List.of(AdminResources.policies(registry, policies, Checks.policy(), DryRuns.withoutNodes()))).start();
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, body == null ? null : "application/json");
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    @Test
    void putCreatesTheServiceGetReturnsTheStoredPolicyDeleteRestoresDefaults() throws Exception {
        JsonNode put = json(send("PUT", "/v1/services/orders/policy", POLICY), 200);
        assertThat(put.at("/loadBalancing/policy").asText()).isEqualTo("least_request");
        assertThat(put.at("/loadBalancing/panicThresholdPercent").asInt()).isEqualTo(50);
        assertThat(put.at("/timeouts/request").asText()).isEqualTo("3s");
        assertThat(put.at("/timeouts/connect").asText()).isEqualTo("5s");
        assertThat(put.at("/retries/numRetries").asInt()).isEqualTo(3);
        assertThat(put.at("/retries/budget/percent").asDouble()).isEqualTo(20.0);
        assertThat(put.at("/outlierDetection/consecutive5xx").asInt()).isEqualTo(7);
        assertThat(put.at("/rateLimit/tokensPerFill").asInt()).isEqualTo(50);
        assertThat(put.get("healthCheck").isNull()).isTrue();
        assertThat(registry.service("orders")).isPresent();

        assertThat(json(send("GET", "/v1/services/orders/policy", null), 200)).isEqualTo(put);

        HttpResponse<String> deleted = send("DELETE", "/v1/services/orders/policy", null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        JsonNode defaults = json(send("GET", "/v1/services/orders/policy", null), 200);
        assertThat(defaults.at("/loadBalancing/policy").asText()).isEqualTo("round_robin");
        assertThat(defaults.at("/retries/retryOn").asText()).isEqualTo("connect-failure,refused-stream,reset");
        assertThat(defaults.at("/retries/numRetries").asInt()).isEqualTo(2);
        assertThat(defaults.get("outlierDetection").isNull()).isTrue();
        assertThat(send("DELETE", "/v1/services/orders/policy", null).statusCode()).isEqualTo(204);
    }

    @Test
    void unknownServiceIs404ForGetAndDelete() throws Exception {
        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> response = send(method, "/v1/services/nope/policy", null);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(response.body()).get("field").asText()).isEqualTo("service");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            {"retries":{"numRetries":-1}}                   | retries.numRetries | retries.numRetries: -1 (expected: 0..10)
            {"retries":{"numRetries":"two"}}                | retries.numRetries | expected: an integer
            {"retries":{"numRetries":1.5}}                  | retries.numRetries | retries.numRetries: 1.5 (expected: an integer)
            {"loadBalancing":{"zoneAware":1}}               | loadBalancing.zoneAware | (expected: true or false)
            {"loadBalancing":{"hash":{"sourceIp":0}}}       | loadBalancing.hash.sourceIp | (expected: true or false)
            {"retries":{"retryOn":true}}                    | retries.retryOn | (expected: a string)
            {"retries":{"retryOn":"retriable-headers"}}     | retries.retryOn | 'retriable-headers' (expected: a comma-separated list of
            {"retries":{"retryOn":"5xx,envoy-ratelimited"}} | retries.retryOn | as the sidecars accept
            {"loadBalancing":{"policy":"fastest"}}          | loadBalancing.policy | 'fastest'
            {"loadBalancing":{"hash":{"header":"x"}}}       | loadBalancing.hash | ring_hash or maglev
            {"loadBalancing":{"panicThresholdPercent":-5}}  | loadBalancing.panicThresholdPercent | -5
            {"timeouts":{"connect":"5 seconds"}}            | timeouts.connect | '5 seconds'
            {"timeouts":{"perTry":"0ms"}}                   | timeouts.perTry | 0s
            {"retries":{"retriableStatusCodes":[503]}}      | retries.retriableStatusCodes | retriable-status-codes
            {"retries":{"budget":{"percent":-1}}}           | retries.budget.percent | -1.0
            {"circuitBreaking":{"maxRequests":0}}           | circuitBreaking.maxRequests | 0 (expected: 1..1000000)
            {"circuitBreaking":{"endpoint":{"halfOpenCalls":0}}} | circuitBreaking.endpoint.halfOpenCalls | 0
            {"outlierDetection":{"maxEjectionPercent":101}} | outlierDetection.maxEjectionPercent | 101
            {"healthCheck":{"interval":"1s"}}               | healthCheck.path | missing
            {"rateLimit":{"maxTokens":5,"fillInterval":"1ms"}} | rateLimit.fillInterval | 1ms
            {"rateLimits":{}}                               | rateLimits | unknown field
            {"timeouts":{"connectTimeout":"1s"}}            | timeouts.connectTimeout | unknown field
            {"retries":                                     | body | malformed JSON
            """)
    void badPolicyIs400NamingTheFieldAndStoresNothing(String body, String field, String detail) throws Exception {
        HttpResponse<String> response = send("PUT", "/v1/services/orders/policy", body);

        JsonNode problem = json(response, 400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(problem.get("type").asText()).isEqualTo("urn:banyan:problem:invalid-request");
        assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(problem.get("detail").asText()).startsWith(field + ":").contains(detail);
        assertThat(store.policies().get("orders")).isEmpty();
    }

    @Test
    void badServiceNameAndContentTypeAreRejected() throws Exception {
        JsonNode badName = json(send("PUT", "/v1/services/Bad_Name/policy", "{}"), 400);
        assertThat(badName.get("field").asText()).isEqualTo("service");
        assertThat(send("PUT", "/v1/services/orders/policy", "{}", "text/plain").statusCode()).isEqualTo(415);
        assertThat(json(send("PUT", "/v1/services/orders/policy", "", "application/json"), 400)
                .get("detail").asText()).contains("body: missing");
    }

    @Test
    void policySurvivesARestartOnTheSameDataDirectory() throws Exception {
        JsonNode put = json(send("PUT", "/v1/services/orders/policy", POLICY), 200);
        stop();
        start();

        assertThat(json(send("GET", "/v1/services/orders/policy", null), 200)).isEqualTo(put);
    }
}
