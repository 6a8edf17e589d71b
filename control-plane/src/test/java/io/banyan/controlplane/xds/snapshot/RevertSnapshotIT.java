package io.banyan.controlplane.xds.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.adminserver.AdminResource;
import io.banyan.controlplane.admin.AdminResources;
import io.banyan.controlplane.admin.AdminServer;
import io.banyan.controlplane.admin.AuthorizationResource;
import io.banyan.controlplane.admin.DryRuns;
import io.banyan.controlplane.admin.RevertibleResource;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.support.AdminClient;
import io.banyan.testkit.time.FakeClock;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A revert through the real admin API restores exactly the Envoy resources a connected node received before the
 * reverted changes (its Clusters and RouteConfigurations, compared as protos), and is refused when a later change
 * touched the same object unless forced.
 */
class RevertSnapshotIT {

    private static final String TOKEN = "revert-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY_A = "{\"retries\":{\"numRetries\":2},\"circuitBreaking\":{\"maxRequests\":200}}";
    private static final String POLICY_B = "{\"retries\":{\"numRetries\":5},\"circuitBreaking\":{\"maxRequests\":50}}";
    private static final String ROUTES_A = """
            {"routes": [{"name": "split", "match": {"path": {"prefix": "/orders"}},
                         "to": [{"service": "orders", "weight": 90}, {"service": "payments", "weight": 10}]}]}""";
    private static final String ROUTES_B = ROUTES_A.replace("90", "40").replace("10}", "60}");

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();
    private Store store;
    private Registry registry;
    private PolicyBook policies;
    private RouteBook routes;
    private Authorizations authorizations;
    private AdminServer server;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Revisions revisions = new Revisions(store, clock, meters);
        registry = new Registry(store, clock, meters, null, revisions);
        policies = new PolicyBook(store, clock, revisions);
        routes = new RouteBook(store, clock, revisions);
        authorizations = new Authorizations(store, revisions);
        PolicyCheck policyCheck = Checks.policy();
        List<RevertibleResource> writers = new ArrayList<>();
        writers.add(AdminResources.services(registry, DryRuns.withoutNodes()));
        writers.add(AdminResources.policies(registry, policies, policyCheck, DryRuns.withoutNodes()));
        writers.addAll(AdminResources.routes(registry, routes, policies,
                new RouteCheck(builder, policyCheck, policies::snapshot, routes::snapshot), DryRuns.withoutNodes()));
        writers.add(new AuthorizationResource(authorizations, DryRuns.withoutNodes()));
        List<AdminResource> resources = new ArrayList<>(writers);
        resources.add(AdminResources.revisions(revisions, writers, DryRuns.withoutNodes()));
        server = new AdminServer("127.0.0.1", 0, TOKEN, meters, resources).start();
        admin = new AdminClient(server.port(), TOKEN);
        assertThat(admin.put("/v1/services/orders", null).statusCode()).as("revision 1").isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return admin.send(method, path, body);
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** What the web sidecar (upstream orders) receives now. */
    private Snapshot webSnapshot() {
        return builder.build(parser.parse(webNode("sidecar~web~h~1")), registry(1, true), policies.snapshot(),
                authorizations.snapshot(), routes.snapshot());
    }

    @Test
    void revertingTheLaterChangesRestoresExactlyTheEarlierClustersAndRouteConfigurations() throws Exception {
        json(send("PUT", "/v1/services/orders/policy", POLICY_A), 200);
        json(send("PUT", "/v1/services/orders/routes", ROUTES_A), 200);
        Snapshot before = webSnapshot();

        json(send("PUT", "/v1/services/orders/routes", ROUTES_B), 200);
        json(send("PUT", "/v1/services/orders/policy", POLICY_B), 200);
        Snapshot changed = webSnapshot();
        assertThat(changed.clusters().resources()).isNotEqualTo(before.clusters().resources());
        assertThat(changed.routes().resources()).isNotEqualTo(before.routes().resources());

        JsonNode revertPolicy = json(send("POST", "/v1/revisions/5/revert", null), 201);
        assertThat(revertPolicy.get("revision").asLong()).isEqualTo(6);
        assertThat(revertPolicy.get("revertOf").asLong()).isEqualTo(5);
        assertThat(revertPolicy.get("action").asText()).isEqualTo("update");
        assertThat(revertPolicy.get("diff")).extracting(JsonNode::asText)
                .contains("~ retries.numRetries: 5 -> 2");
        json(send("POST", "/v1/revisions/4/revert", null), 201);

        Snapshot reverted = webSnapshot();
        assertThat(reverted.clusters().resources()).isEqualTo(before.clusters().resources());
        assertThat(reverted.routes().resources()).isEqualTo(before.routes().resources());
        assertThat(reverted.listeners().resources()).isEqualTo(before.listeners().resources());
    }

    @Test
    void aLaterChangeToTheSameObjectRefusesTheRevertUnlessForced() throws Exception {
        json(send("PUT", "/v1/services/orders/routes", ROUTES_A), 200);
        json(send("PUT", "/v1/services/orders/routes", ROUTES_B), 200);

        JsonNode refused = json(send("POST", "/v1/revisions/2/revert", null), 409);
        assertThat(refused.get("detail").asText()).isEqualTo("revision 3 (update by admin) changed routes 'orders'"
                + " after revision 2 (expected: revert 3 first, or ?force=true)");
        assertThat(routes.etag(RouteOwner.SERVICE, "orders")).isEqualTo(3);

        JsonNode forced = json(send("POST", "/v1/revisions/2/revert?force=true", null), 201);
        assertThat(forced.get("action").asText()).isEqualTo("delete");
        assertThat(forced.get("revertOf").asLong()).isEqualTo(2);
        assertThat(send("GET", "/v1/services/orders/routes", null).statusCode()).isEqualTo(404);

        assertThat(json(send("POST", "/v1/revisions/4/revert", null), 201).get("action").asText())
                .isEqualTo("create");
        assertThat(json(send("GET", "/v1/services/orders/routes", null), 200).at("/routes/0/to/0/weight").asInt())
                .isEqualTo(40);
        assertThat(json(send("POST", "/v1/revisions/3/revert?force=maybe", null), 400).get("detail").asText())
                .isEqualTo("force: 'maybe' (expected: true or false)");
        assertThat(send("POST", "/v1/revisions/99/revert", null).statusCode()).isEqualTo(404);
    }

    @Test
    void revertingTheDefaultAndAnAllowListWritesThemBack() throws Exception {
        json(send("PUT", "/v1/authorization/default", "{\"mode\":\"deny-unless-allowed\"}"), 200);
        json(send("PUT", "/v1/services/orders/authorization", "{\"allow\":[\"web\"]}"), 200);
        json(send("PUT", "/v1/services/orders/authorization", "{\"allow\":[\"web\",\"admin\"]}"), 200);

        json(send("POST", "/v1/revisions/4/revert", null), 201);
        assertThat(authorizations.allowList("orders").orElseThrow().callers()).containsExactly("web");
        json(send("POST", "/v1/revisions/2/revert", null), 201);
        assertThat(authorizations.defaultMode().text()).isEqualTo("allow-all");
        assertThat(json(send("POST", "/v1/revisions/2/revert", null), 409).get("detail").asText())
                .startsWith("revision 6 (update by admin) changed authorization-default '*' after revision 2");
    }
}
