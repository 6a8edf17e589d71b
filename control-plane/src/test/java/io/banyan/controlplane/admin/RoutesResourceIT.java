package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.support.AdminClient;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/services/{service}/routes} and {@code /v1/gateways/{name}/routes} on a real control plane: the token is
 * required, bad routes are 400 problems naming the field, unreachable routes are warnings, a dry run stores nothing,
 * and what is stored outlives a restart on the same data directory.
 */
class RoutesResourceIT {

    private static final String TOKEN = "routes-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTES = """
            {"routes": [
              {"name": "orders-canary", "match": {"path": {"prefix": "/orders"}, "headers": [{"name": "x-canary", "exact": "1"}]},
               "to": [{"service": "orders", "weight": 10}, {"service": "monolith", "weight": 90}], "timeout": "5s"},
              {"name": "everything", "to": [{"service": "monolith"}]},
              {"name": "late", "match": {"path": {"prefix": "/late"}}, "directResponse": {"status": 410, "body": "gone"}}
            ]}""";

    @TempDir
    Path dataDir;

    private ControlPlane controlPlane;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        controlPlane = startControlPlane();
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    private ControlPlane startControlPlane() throws Exception {
        return ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0)
                .xdsPort(0).adminToken(TOKEN).build());
    }

    @Test
    void theTokenIsRequired() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + controlPlane.adminPort() + "/v1/services/web/routes"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ROUTES)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(admin.get("/v1/services/web/routes").statusCode()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void putAnswersTheRoutesWithWarningsAndGetAnswersWhatIsStored() throws Exception {
        HttpResponse<String> put = admin.put("/v1/services/web/routes", ROUTES);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode written = JSON.readTree(put.body());
        assertThat(written.get("service").asText()).isEqualTo("web");
        assertThat(written.get("routes")).hasSize(3);
        assertThat(written.get("warnings")).singleElement().extracting(JsonNode::asText)
                .isEqualTo("routes[2] 'late': can never match: routes[1] 'everything' matches everything before it");

        HttpResponse<String> get = admin.get("/v1/services/web/routes");
        assertThat(get.statusCode()).isEqualTo(200);
        JsonNode stored = JSON.readTree(get.body());
        assertThat(stored.get("routes").get(0).get("timeout").asText()).isEqualTo("5s");
        assertThat(stored.has("warnings")).isFalse();
        assertThat(admin.put("/v1/services/web/routes", get.body()).statusCode())
                .as("what GET answers can be PUT back").isEqualTo(200);
        assertThat(admin.get("/v1/services/web").statusCode()).as("the service exists").isEqualTo(200);
    }

    @Test
    void badRoutesAre400ProblemsNamingTheField() throws Exception {
        JsonNode weights = problem(admin.put("/v1/services/web/routes", """
                {"routes": [{"to": [{"service": "a"}]},
                            {"to": [{"service": "a", "weight": 10}, {"service": "b", "weight": 120}]}]}"""),
                "routes[1].to[1].weight");
        assertThat(weights.get("detail").asText())
                .isEqualTo("routes[1].to[1].weight: 120 (expected: weights summing to 100)");

        problem(admin.put("/v1/services/web/routes",
                "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"rateLimit\": {}}]}"), "routes[0].rateLimit");
        problem(admin.put("/v1/gateways/edge/routes",
                "{\"routes\": [{\"match\": {\"path\": {\"template\": \"/a/**/b\"}}, \"to\": [{\"service\": \"a\"}]}]}"),
                "routes[0].match.path.template");
        problem(admin.put("/v1/services/web/routes?dryRun=maybe", ROUTES), "dryRun");
        problem(admin.put("/v1/services/Web/routes", ROUTES), "service");
        problem(admin.put("/v1/gateways/edge/routes", "{\"gateway\": \"other\", \"routes\": []}"), "gateway");
        assertThat(admin.get("/v1/services/web/routes").statusCode()).as("nothing stored").isEqualTo(404);
        assertThat(admin.get("/v1/gateways/edge/routes").statusCode()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void headerChangesTheSidecarsWouldRefuseAre400sNamingTheExactField() throws Exception {
        problem(admin.put("/v1/services/web/routes", """
                {"routes": [{"to": [{"service": "a"}], "headers": {"request": {"add": {"x-a": "\u0101"}}}}]}"""),
                "routes[0].headers.request.add.x-a");
        problem(admin.put("/v1/gateways/edge/routes?dryRun=true", """
                {"routes": [{"to": [{"service": "a"}], "headers": {"response": {"remove": ["x-banyan-error"]}}}]}"""),
                "routes[0].headers.response.remove[0]");
        assertThat(admin.get("/v1/services/web/routes").statusCode()).as("nothing stored").isEqualTo(404);
        assertThat(admin.get("/v1/gateways/edge/routes").statusCode()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void headerValuesAreLiteralSoPercentSignsAndEmptyValuesAreStored() throws Exception {
        String literal = """
                {"routes": [{"match": {"path": {"prefix": "/a"}}, "to": [{"service": "a"}],
                             "headers": {"request": {"set": {"x-peer": "%DOWNSTREAM_REMOTE_ADDRESS%", "x-a": "50%",
                                                             "x-empty": ""}}}}]}""";

        HttpResponse<String> put = admin.put("/v1/gateways/edge/routes", literal);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode set = JSON.readTree(admin.get("/v1/gateways/edge/routes").body())
                .get("routes").get(0).get("headers").get("request").get("set");
        assertThat(set.get("x-peer").asText()).isEqualTo("%DOWNSTREAM_REMOTE_ADDRESS%");
        assertThat(set.get("x-a").asText()).isEqualTo("50%");
        assertThat(set.get("x-empty").asText()).isEmpty();
    }

    /** The 400 problem of {@code response}, which names {@code field}. */
    private static JsonNode problem(HttpResponse<String> response, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("field").asText()).isEqualTo(field);
        return problem;
    }

    @Test
    void aDryRunAnswersWhatWouldBePublishedAndStoresNothing() throws Exception {
        HttpResponse<String> dryRun = admin.put("/v1/services/web/routes?dryRun=true", ROUTES);

        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(dryRun.body());
        assertThat(body.get("dryRun").asBoolean()).isTrue();
        assertThat(body.get("warnings")).hasSize(1);
        JsonNode outbound = body.get("resources").get(0);
        assertThat(outbound.get("name").asText()).isEqualTo("outbound");
        JsonNode routes = outbound.get("virtualHosts").get(0).get("routes");
        assertThat(routes).hasSize(4);
        assertThat(routes.get(0).get("route").get("weightedClusters").get("clusters").get(1).get("name").asText())
                .isEqualTo("monolith");
        assertThat(routes.get(3).get("match").get("prefix").asText()).isEqualTo("/");
        assertThat(body.get("resources").get(1).get("name").asText()).isEqualTo("upstream|web");
        assertThat(admin.get("/v1/services/web/routes").statusCode()).isEqualTo(404);

        assertThat(admin.put("/v1/services/web/routes", ROUTES).statusCode()).isEqualTo(200);
        HttpResponse<String> deleteDryRun = admin.send("DELETE", "/v1/services/web/routes?dryRun=true", null);
        assertThat(deleteDryRun.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(deleteDryRun.body()).get("resources").get(0).get("virtualHosts").get(0)
                .get("routes")).as("only the catch-all").hasSize(1);
        assertThat(admin.get("/v1/services/web/routes").statusCode()).as("still stored").isEqualTo(200);
    }

    @Test
    void deleteIs204Then404() throws Exception {
        assertThat(admin.send("DELETE", "/v1/services/web/routes", null).statusCode()).isEqualTo(404);
        assertThat(admin.put("/v1/services/web/routes", ROUTES).statusCode()).isEqualTo(200);

        assertThat(admin.send("DELETE", "/v1/services/web/routes", null).statusCode()).isEqualTo(204);
        assertThat(admin.get("/v1/services/web/routes").statusCode()).isEqualTo(404);
        assertThat(admin.send("DELETE", "/v1/services/web/routes", null).statusCode()).isEqualTo(404);
    }

    @Test
    void gatewayRoutesHaveHostsAndNeedNoConnectedGateway() throws Exception {
        HttpResponse<String> put = admin.put("/v1/gateways/edge/routes", """
                {"gateway": "edge", "routes": [
                  {"name": "shop", "hosts": ["shop.example.com", "*.shop.example.com"], "to": [{"service": "shop"}]},
                  {"name": "rest", "to": [{"service": "monolith"}]}]}""");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(JSON.readTree(put.body()).get("warnings")).isEmpty();
        JsonNode stored = JSON.readTree(admin.get("/v1/gateways/edge/routes").body());
        assertThat(stored.get("gateway").asText()).isEqualTo("edge");
        assertThat(stored.get("routes").get(0).get("hosts")).hasSize(2);

        JsonNode dryRun = JSON.readTree(admin.put("/v1/gateways/edge/routes?dryRun=true", admin.get(
                "/v1/gateways/edge/routes").body()).body());
        assertThat(dryRun.get("resources").get(0).get("name").asText()).isEqualTo("gateway|edge");
        assertThat(dryRun.get("resources").get(0).get("virtualHosts")).hasSize(3);

        assertThat(admin.send("DELETE", "/v1/gateways/edge/routes", null).statusCode()).isEqualTo(204);
        assertThat(admin.get("/v1/gateways/edge/routes").statusCode()).isEqualTo(404);
    }

    @Test
    void routesOutliveARestartOnTheSameDataDirectory() throws Exception {
        assertThat(admin.put("/v1/services/web/routes", ROUTES).statusCode()).isEqualTo(200);
        assertThat(admin.put("/v1/gateways/edge/routes", "{\"routes\": [{\"to\": [{\"service\": \"web\"}]}]}")
                .statusCode()).isEqualTo(200);
        String before = admin.get("/v1/services/web/routes").body();

        controlPlane.close();
        controlPlane = startControlPlane();
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);

        assertThat(JSON.readTree(admin.get("/v1/services/web/routes").body())).isEqualTo(JSON.readTree(before));
        assertThat(JSON.readTree(admin.get("/v1/gateways/edge/routes").body()).get("routes").get(0).get("name")
                .asText()).isEqualTo("route-0");
    }
}
