package io.banyan.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banyan.adminserver.ApiDescription;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.support.AdminClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/admin-api.yaml describes the admin API the control plane serves: every route of the table its admin server
 * dispatches on is described (method and path template, open or behind the token), and nothing else; and each route,
 * called as it is meant to succeed, answers one of the 2xx statuses its description names.
 */
class AdminApiDescriptionIT {

    private static final Path DESCRIPTION = Path.of("..", "docs", "admin-api.yaml");
    private static final String TOKEN = "doc-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void theDescriptionNamesEveryRouteAndNoOther() throws Exception {
        try (ControlPlane controlPlane = start()) {
            assertThat(controlPlane.adminRoutes()).isNotEmpty();

            assertThat(ApiDescription.differences(controlPlane.adminRoutes(),
                    ApiDescription.routes(new YAMLMapper().readTree(DESCRIPTION.toFile())))).isEmpty();
        }
    }

    @Test
    void everyRouteAnswersADescribedSuccessStatus() throws Exception {
        JsonNode description = new YAMLMapper().readTree(DESCRIPTION.toFile());
        try (ControlPlane controlPlane = start()) {
            Calls calls = new Calls(new AdminClient(controlPlane.adminPort(), TOKEN));
            calls.run();

            Set<String> uncovered = new TreeSet<>();
            controlPlane.adminRoutes().forEach(route -> uncovered.add(route.toString()));
            uncovered.removeAll(calls.answered.keySet());
            assertThat(uncovered).as("routes without a success case in this test").isEmpty();
            List<String> wrong = new ArrayList<>();
            calls.answered.forEach((route, status) -> {
                Set<Integer> described = successes(description, route);
                if (!described.contains(status)) {
                    wrong.add(route + " answered " + status + " (described: " + described + ")");
                }
            });
            assertThat(wrong).isEmpty();
        }
    }

    private ControlPlane start() throws Exception {
        return ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0).xdsPort(0)
                .adminToken(TOKEN).build());
    }

    /** The 2xx statuses the description names for {@code route} ("METHOD /template"). */
    private static Set<Integer> successes(JsonNode description, String route) {
        String method = route.substring(0, route.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
        String template = route.substring(route.indexOf(' ') + 1);
        Set<Integer> statuses = new TreeSet<>();
        description.path("paths").path(template).path(method).path("responses").fieldNames().forEachRemaining(status -> {
            if (status.startsWith("2")) {
                statuses.add(Integer.parseInt(status));
            }
        });
        return statuses;
    }

    /**
     * Each route called once, in an order where each call can succeed (what it needs created before it, what it
     * removes after its last use), recording the status each route answered.
     */
    private static final class Calls {

        private final AdminClient admin;
        final Map<String, Integer> answered = new LinkedHashMap<>();

        Calls(AdminClient admin) {
            this.admin = admin;
        }

        void run() throws Exception {
            call("GET", "/healthz", "/healthz", null);
            call("GET", "/readyz", "/readyz", null);
            call("GET", "/metrics", "/metrics", null);
            call("PUT", "/v1/services/{service}", "/v1/services/monolith", null);
            String instance = call("POST", "/v1/services/{service}/instances", "/v1/services/orders/instances",
                    "{\"host\": \"127.0.0.1\", \"port\": 8080}").path("id").asText();
            call("GET", "/v1/services", "/v1/services", null);
            call("GET", "/v1/services/{service}", "/v1/services/orders", null);
            call("GET", "/v1/instances/{id}", "/v1/instances/" + instance, null);
            call("PUT", "/v1/instances/{id}/heartbeat", "/v1/instances/" + instance + "/heartbeat", null);
            String policy = "/v1/services/orders/policy";
            call("PUT", "/v1/services/{service}/policy", policy, "{\"timeouts\": {\"request\": \"3s\"}}");
            call("GET", "/v1/services/{service}/policy", policy, null);
            call("DELETE", "/v1/services/{service}/policy", policy, null);
            String routes = "/v1/services/monolith/routes";
            call("PUT", "/v1/services/{service}/routes", routes,
                    "{\"routes\": [{\"name\": \"r\", \"match\": {\"path\": {\"prefix\": \"/r\"}}, \"to\": [{\"service\": \"orders\"}]}]}");
            call("GET", "/v1/services/{service}/routes", routes, null);
            call("DELETE", "/v1/services/{service}/routes", routes, null);
            String gateway = "/v1/gateways/edge/routes";
            call("PUT", "/v1/gateways/{name}/routes", gateway, "{\"routes\": [{\"to\": [{\"service\": \"orders\"}]}]}");
            call("GET", "/v1/gateways/{name}/routes", gateway, null);
            call("DELETE", "/v1/gateways/{name}/routes", gateway, null);
            String authorization = "/v1/services/orders/authorization";
            call("PUT", "/v1/services/{service}/authorization", authorization, "{\"allow\": [\"monolith\"]}");
            call("GET", "/v1/services/{service}/authorization", authorization, null);
            call("DELETE", "/v1/services/{service}/authorization", authorization, null);
            call("GET", "/v1/authorization/default", "/v1/authorization/default", null);
            call("PUT", "/v1/authorization/default", "/v1/authorization/default", "{\"mode\": \"allow-all\"}");
            String token = call("POST", "/v1/tokens", "/v1/tokens", "{\"service\": \"orders\"}").path("id").asText();
            call("GET", "/v1/tokens", "/v1/tokens", null);
            call("DELETE", "/v1/tokens/{id}", "/v1/tokens/" + token, null);
            call("GET", "/v1/trust-bundle", "/v1/trust-bundle", null);
            assertThat(call("GET", "/v1/sidecars", "/v1/sidecars", null).path("replica").asText())
                    .as("the answering replica (the embedded store's)").isEqualTo("local");
            call("GET", "/v1/xds/invalid-resources", "/v1/xds/invalid-resources", null);
            migrations();
            appConfig();
            revisions();
            rollouts();
            call("DELETE", "/v1/instances/{id}", "/v1/instances/" + instance, null);
            call("DELETE", "/v1/services/{service}", "/v1/services/monolith", null);
        }

        private void migrations() throws Exception {
            String migration = "/v1/migrations/orders-move";
            call("POST", "/v1/migrations", "/v1/migrations", "{\"name\": \"orders-move\", \"match\": {\"path\": "
                    + "{\"prefix\": \"/orders\"}}, \"from\": \"monolith\", \"to\": \"orders\"}");
            call("GET", "/v1/migrations", "/v1/migrations", null);
            call("GET", "/v1/migrations/{name}", migration, null);
            call("GET", "/v1/migrations/{name}/events", migration + "/events", null);
            for (String action : List.of("advance", "pause", "rollback", "resume", "complete")) {
                call("POST", "/v1/migrations/{name}/" + action, migration + "/" + action, null);
            }
            call("DELETE", "/v1/migrations/{name}", migration, null);
        }

        private void appConfig() throws Exception {
            String config = "/v1/services/orders/config";
            call("PUT", "/v1/services/{service}/config", config, "{\"values\": {\"greeting\": \"hello\"}}");
            call("GET", "/v1/services/{service}/config", config, null);
            HttpResponse<String> patched = admin.send("PATCH", config, "{\"values\": {\"greeting\": \"hi\"}}", null,
                    "application/merge-patch+json");
            assertThat(patched.statusCode()).as("PATCH " + config + ": " + patched.body()).isBetween(200, 299);
            answered.put(new RouteTable.Route("PATCH", "/v1/services/{service}/config", false).toString(),
                    patched.statusCode());
            call("DELETE", "/v1/services/{service}/config", config, null);
        }

        /** A staged write (its 202 is the Staged answer, not recorded as the policy PUT's), then the rollout. */
        private void rollouts() throws Exception {
            HttpResponse<String> staged = admin.send("PUT", "/v1/services/billing/policy",
                    "{\"rollout\": {\"canary\": \"50%\", \"bake\": \"1h\"}}");
            assertThat(staged.statusCode()).as(staged.body()).isEqualTo(202);
            String id = JSON.readTree(staged.body()).path("rollout").path("id").asText();
            call("GET", "/v1/rollouts", "/v1/rollouts", null);
            call("GET", "/v1/rollouts/{id}", "/v1/rollouts/" + id, null);
        }

        private void revisions() throws Exception {
            JsonNode latest = call("GET", "/v1/revisions", "/v1/revisions?kind=authorization&limit=1", null)
                    .path("revisions").path(0);
            long revision = latest.path("revision").asLong();
            call("GET", "/v1/revisions/{n}", "/v1/revisions/" + revision, null);
            call("POST", "/v1/revisions/{n}/revert", "/v1/revisions/" + revision + "/revert", null);
        }

        /** Calls {@code path}, which {@code template} routes; a non-2xx answer fails here, naming it. */
        private JsonNode call(String method, String template, String path, String body) throws Exception {
            HttpResponse<String> response = admin.send(method, path, body);
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
            answered.put(new RouteTable.Route(method, template, false).toString(), response.statusCode());
            return response.body().isBlank() || !response.body().strip().startsWith("{") ? JSON.nullNode()
                    : JSON.readTree(response.body());
        }
    }
}
