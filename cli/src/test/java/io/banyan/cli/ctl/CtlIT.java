package io.banyan.cli.ctl;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banyan.cli.Cli;
import io.banyan.cli.ctl.AdminApiStub.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ctl against a stub admin API on a real socket: methods, paths, bodies (routes files), token, JSON out, warnings, problems to exit 1. */
class CtlIT {

    @TempDir
    Path dir;
    @RegisterExtension
    final AdminApiStub stub = new AdminApiStub(CtlIT::answer);
    private final List<String> requests = stub.requests();
    private final StringWriter out = stub.out;
    private final StringWriter err = stub.err;

    @Test
    void listsServicesWithTheBearerTokenAndPrintsJson() {
        int code = ctl("services", "list", "--admin-token", "t0k", "-o", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /v1/services Bearer t0k ");
        assertThat(out.toString()).contains("\"services\"", "\"orders\"");
    }

    @Test
    void listsTheConnectedGatewaysOnly() {
        int code = ctl("gateways", "list", "-o", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /v1/sidecars  ");
        assertThat(out.toString()).contains("\"gateways\"", "edge~1").doesNotContain("web~1");
    }

    @Test
    void tokenFromTheEnvironment() {
        int code = new Cli(Map.of("BANYAN_ADMIN_URL", url(), "BANYAN_ADMIN_TOKEN", "from-env"),
                new PrintWriter(out, true), new PrintWriter(err, true)).run("ctl", "tokens", "list");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /v1/tokens Bearer from-env ");
    }

    @Test
    void registersAnInstanceWithAJsonBody() {
        int code = ctl("instances", "register", "--service", "legacy", "--host", "10.1.2.3", "--port", "8080",
                "--zone", "a", "--ttl", "10", "--mesh", "false", "-o", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("POST /v1/services/legacy/instances  "
                + "{\"host\":\"10.1.2.3\",\"port\":8080,\"zone\":\"a\",\"ttlSeconds\":10,\"mesh\":false}");
        assertThat(out.toString()).contains("\"id\" : \"i-1\"");
    }

    @Test
    void heartbeatDeregisterCreateAndRevokeUseTheirMethods() {
        assertThat(ctl("instances", "heartbeat", "i-1")).isZero();
        assertThat(ctl("instances", "deregister", "i-1")).isZero();
        assertThat(ctl("tokens", "create", "--service", "orders")).isZero();
        assertThat(ctl("tokens", "revoke", "tk1")).isZero();

        assertThat(requests).containsExactly("PUT /v1/instances/i-1/heartbeat  ", "DELETE /v1/instances/i-1  ",
                "POST /v1/tokens  {\"service\":\"orders\"}", "DELETE /v1/tokens/tk1  ");
    }

    @Test
    void notFoundExitsThreeWithTheProblemDetail() {
        int code = ctl("services", "get", "nope");

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).isEqualTo(
                "banyan ctl services get: 404 Not Found: unknown service 'nope' (field: service)\n");
    }

    @Test
    void unreachableAdminApiExitsFive() {
        stub.stop();
        int code = ctl("services", "list");

        assertThat(code).isEqualTo(5);
        assertThat(err.toString()).startsWith("banyan ctl services list: cannot reach the admin API at " + url());
    }

    @Test
    void setsServiceRoutesFromYamlAsTheJsonBody() throws IOException {
        Path file = Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: orders-canary
                    match: {path: {prefix: /orders}}
                    to: [{service: orders, weight: 10}, {service: monolith, weight: 90}]
                """);

        int code = ctl("routes", "set", "monolith", "-f", file.toString(), "--admin-token", "t0k", "-o", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).containsExactly("PUT /v1/services/monolith/routes Bearer t0k "
                + "{\"routes\":[{\"name\":\"orders-canary\",\"match\":{\"path\":{\"prefix\":\"/orders\"}},"
                + "\"to\":[{\"service\":\"orders\",\"weight\":10},{\"service\":\"monolith\",\"weight\":90}]}]}");
        assertThat(out.toString()).contains("\"service\" : \"monolith\"");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void dryRunOfAGatewayPrintsTheAnswerAndItsWarningsOnStderr() throws IOException {
        Path file = Files.writeString(dir.resolve("edge.json"), "{\"routes\":[{\"to\":[{\"service\":\"monolith\"}]},"
                + "{\"name\":\"x\",\"to\":[{\"service\":\"orders\"}]}]}");

        int code = ctl("gateways", "set", "edge", "--file", file.toString(), "--dry-run", "-o", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(requests).singleElement().asString().startsWith("PUT /v1/gateways/edge/routes?dryRun=true  {\"routes\"");
        assertThat(out.toString()).contains("\"dryRun\" : true", "\"resources\"");
        assertThat(err.toString()).isEqualTo(
                "warning: routes[1] 'x': can never match: routes[0] 'route-0' matches everything before it\n");
    }

    @Test
    void getAndDeleteOfRouteTablesUseTheirPaths() {
        assertThat(ctl("routes", "get", "orders")).isZero();
        assertThat(ctl("routes", "delete", "orders", "--dry-run")).isZero();
        assertThat(ctl("gateways", "get", "edge")).isZero();
        assertThat(ctl("gateways", "delete", "edge")).isZero();

        assertThat(requests).containsExactly("GET /v1/services/orders/routes  ", "DELETE /v1/services/orders/routes?dryRun=true  ",
                "GET /v1/gateways/edge/routes  ", "DELETE /v1/gateways/edge/routes  ");
    }

    @Test
    void aRejectedRouteIsOneLineNamingTheField() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "routes: [{to: [{service: orders, weight: 120}]}]\n");

        int code = ctl("routes", "set", "bad", "-f", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("banyan ctl routes set: 400 Bad Request: routes[0].to[0].weight: 120 "
                + "(expected: weights summing to 100) (field: routes[0].to[0].weight)\n");
    }

    @Test
    void aBadFileIsAUsageErrorAndSendsNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("dup.yaml"), "routes: []\nroutes: []\n");

        assertThat(ctl("routes", "set", "orders", "-f", file.toString())).isEqualTo(2);
        assertThat(ctl("gateways", "set", "edge")).isEqualTo(2);

        assertThat(requests).isEmpty();
        assertThat(err.toString()).startsWith("banyan ctl routes set: file: " + file + ": line 2, column ")
                .contains("banyan ctl gateways set: Missing required option: '--file=FILE'");
    }

    @Test
    void everyAdminRouteHasItsCommand() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "timeouts: {request: 3s}\n");
        Path mode = Files.writeString(dir.resolve("default.json"), "{\"mode\": \"deny-unless-allowed\"}");

        assertThat(ctl("policy", "get", "orders")).isZero();
        assertThat(ctl("policy", "set", "orders", "-f", policy.toString(), "--dry-run")).isZero();
        assertThat(ctl("policy", "delete", "orders")).isZero();
        assertThat(ctl("authorization", "get", "orders")).isZero();
        assertThat(ctl("authorization", "default", "set", "-f", mode.toString())).isZero();
        assertThat(ctl("services", "create", "billing")).isZero();
        assertThat(ctl("services", "delete", "billing")).isZero();
        assertThat(ctl("instances", "get", "i-1")).isZero();
        assertThat(ctl("revisions", "list", "--service", "orders", "--kind", "policy", "--limit", "5")).isZero();
        assertThat(ctl("revisions", "revert", "7", "--force", "--dry-run")).isZero();
        assertThat(ctl("trust-bundle")).isZero();
        assertThat(ctl("invalid-resources")).isZero();

        assertThat(requests).containsExactly("GET /v1/services/orders/policy  ",
                "PUT /v1/services/orders/policy?dryRun=true  {\"timeouts\":{\"request\":\"3s\"}}",
                "DELETE /v1/services/orders/policy  ", "GET /v1/services/orders/authorization  ",
                "PUT /v1/authorization/default  {\"mode\":\"deny-unless-allowed\"}", "PUT /v1/services/billing  ",
                "DELETE /v1/services/billing  ", "GET /v1/instances/i-1  ",
                "GET /v1/revisions?service=orders&kind=policy&limit=5  ",
                "POST /v1/revisions/7/revert?force=true&dryRun=true  ", "GET /v1/trust-bundle  ",
                "GET /v1/xds/invalid-resources  ");
    }

    @Test
    void yamlOutputIsTheAnswerAndTableTheDefault() throws IOException {
        assertThat(ctl("services", "list", "-o", "yaml")).isZero();
        assertThat(new YAMLMapper().readTree(out.toString()).toString())
                .isEqualTo("{\"services\":[{\"name\":\"orders\",\"instances\":[]}]}");
        out.getBuffer().setLength(0);

        assertThat(ctl("services", "list", "-o", "text")).isZero();
        assertThat(out.toString()).isEqualTo("NAME    INSTANCES\norders  []\n");
    }

    private int ctl(String... args) {
        return stub.ctl(args);
    }

    private String url() {
        return stub.url();
    }

    private static Answer answer(String method, String path, String query) {
        if (path.equals("/v1/services/bad/routes")) {
            return Answer.problem(400, "Bad Request", "routes[0].to[0].weight: 120 (expected: weights summing to 100)",
                    "routes[0].to[0].weight");
        } else if (path.endsWith("/routes") && method.equals("PUT") && "dryRun=true".equals(query)) {
            return new Answer(200, "{\"dryRun\":true,\"routes\":[],\"warnings\":[\"routes[1] 'x': "
                    + "can never match: routes[0] 'route-0' matches everything before it\"],\"resources\":[]}");
        } else if (path.endsWith("/routes") && method.equals("PUT")) {
            return new Answer(200, "{\"service\":\"monolith\",\"routes\":[]}");
        } else if (path.equals("/v1/services/nope")) {
            return Answer.problem(404, "Not Found", "unknown service 'nope'", "service");
        } else if (method.equals("PUT") || method.equals("DELETE")) {
            return Answer.noContent();
        } else if (path.equals("/v1/sidecars")) {
            return new Answer(200, "{\"sidecars\":[{\"nodeId\":\"web~1\",\"kind\":\"sidecar\"},"
                    + "{\"nodeId\":\"edge~1\",\"kind\":\"gateway\"}]}");
        } else if (path.equals("/v1/services/legacy/instances")) {
            return new Answer(201, "{\"id\":\"i-1\",\"host\":\"10.1.2.3\",\"port\":8080}");
        }
        return new Answer(200, "{\"services\":[{\"name\":\"orders\",\"instances\":[]}]}");
    }
}
