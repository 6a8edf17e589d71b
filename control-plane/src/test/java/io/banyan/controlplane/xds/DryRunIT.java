package io.banyan.controlplane.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.support.AdminClient;
import io.banyan.controlplane.xds.snapshot.Fixtures;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ?dryRun=true} on every write of a real control plane with a sidecar connected over mutual TLS: the answer
 * names the Envoy resources that would change and that sidecar; afterwards the object's ETag, the revisions and what
 * the sidecar was sent are as before (the next push it receives is the one of a later real write, and has the same
 * clusters as before plus that write's). A dry run is refused as its write would be, and on a stale If-Match (412).
 */
class DryRunIT {

    private static final String TOKEN = "dry-run-admin-token";
    private static final String NODE_ID = "sidecar~web~127.0.0.1~dry";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ROUTES = {"outbound", "upstream|orders", "upstream|ghost", "inbound"};
    private static final String POLICY = "{\"circuitBreaking\":{\"maxRequests\":200}}";
    private static final String SPLIT = """
            {"routes": [{"name": "split", "match": {"path": {"prefix": "/orders"}},
                         "to": [{"service": "orders", "weight": 90}, {"service": "orders-v2", "weight": 10}]}]}""";
    private static final String MIGRATION = """
            {"name": "orders-move", "match": {"path": {"prefix": "/new"}}, "from": "orders", "to": "orders-v2",
             "steps": [0, 50, 100]}""";

    @TempDir
    Path dataDir;
    @TempDir
    Path caDir;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private CertificateAuthority ca;
    private ControlPlane controlPlane;
    private AdminClient admin;
    private AdsCall sidecar;
    private DiscoveryResponse clusters;

    @BeforeEach
    void start() throws Exception {
        ca = TestTls.newCa();
        CaFiles.save(ca, caDir);
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0)
                .xdsPort(0).caDir(caDir).adminToken(TOKEN).build());
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);
        ok(admin.put("/v1/services/orders", null), 201);
        ok(admin.put("/v1/services/orders/policy", POLICY), 200);
        ok(admin.put("/v1/services/spare", null), 201);
        ManagedChannel channel = TestTls.channel(controlPlane.xdsPort(), TestTls.workload(ca, "web"));
        channels.add(channel);
        sidecar = AdsCall.open(channel, webNode(NODE_ID), Resources.V3.CLUSTER_TYPE_URL);
        clusters = sidecar.next(Resources.V3.CLUSTER_TYPE_URL);
        sidecar.ack(clusters);
        sidecar.send(DiscoveryRequest.newBuilder()
                .setTypeUrl(Resources.V3.LISTENER_TYPE_URL).build());
        sidecar.ack(sidecar.next(Resources.V3.LISTENER_TYPE_URL));
        sidecar.send(DiscoveryRequest.newBuilder()
                .setTypeUrl(Resources.V3.ROUTE_TYPE_URL).addAllResourceNames(List.of(ROUTES)).build());
        sidecar.ack(sidecar.next(Resources.V3.ROUTE_TYPE_URL), ROUTES);
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        controlPlane.close();
    }

    @Test
    void dryRunsOfPolicyServiceRouteAndMigrationWritesAnswerWhatWouldChangeAndChangeNothing() throws Exception {
        JsonNode policy = dryRun("PUT", "/v1/services/orders/policy", "{\"circuitBreaking\":{\"maxRequests\":7}}",
                "/v1/services/orders/policy", "Cluster/orders");
        assertThat(policy.at("/circuitBreaking/maxRequests").asInt()).as("the policy as it would be stored")
                .isEqualTo(7);
        assertThat(policy.get("resources")).anySatisfy(resource -> {
            assertThat(resource.get("name").asText()).isEqualTo("orders");
            assertThat(resource.at("/circuitBreakers/thresholds/0/maxRequests").asInt()).isEqualTo(7);
        });
        dryRun("DELETE", "/v1/services/orders/policy", null, "/v1/services/orders/policy", "Cluster/orders");
        dryRun("PUT", "/v1/services/payments", null, "/v1/services/payments", "Cluster/payments");
        JsonNode deleted = unchangedBy("DELETE", "/v1/services/spare", null, "/v1/services/spare");
        assertThat(node(deleted).get("removed")).extracting(JsonNode::asText).contains("Cluster/spare");

        JsonNode routes = dryRun("PUT", "/v1/services/orders/routes", SPLIT, "/v1/services/orders/routes",
                "RouteConfiguration/upstream|orders");
        assertThat(routes.get("resources")).as("the route tables, as before").extracting(r -> r.get("name").asText())
                .containsExactly("outbound", "upstream|orders");
        assertThat(node(routes).get("resources")).extracting(JsonNode::asText).contains("Cluster/orders-v2");
        JsonNode gateway = ok(admin.send("PUT", "/v1/gateways/edge/routes?dryRun=true", SPLIT), 200);
        assertThat(gateway.get("resources")).extracting(r -> r.get("name").asText()).containsExactly("gateway|edge");
        assertThat(gateway.get("nodes")).as("no gateway edge is connected").isEmpty();

        JsonNode migration = dryRun("POST", "/v1/migrations", MIGRATION, "/v1/revisions",
                "Cluster/migration|orders-move|to");
        assertThat(migration.get("state").asText()).isEqualTo("shadowing");
        assertThat(admin.get("/v1/migrations/orders-move").statusCode()).isEqualTo(404);

        JsonNode reverted = dryRun("POST", "/v1/revisions/2/revert", null, "/v1/services/orders/policy",
                "Cluster/orders");
        assertThat(reverted.get("revertOf").asLong()).isEqualTo(2);
        assertThat(reverted.get("after").isNull()).as("the policy did not exist before revision 2").isTrue();

        assertNothingWasPushed();
    }

    @Test
    void dryRunsOfAuthorizationWritesAndMigrationActionsChangeNothing() throws Exception {
        dryRun("PUT", "/v1/services/web/authorization", "{\"allow\":[\"gateway\"]}", "/v1/services/web/authorization",
                "Listener/inbound|15006");
        dryRun("PUT", "/v1/authorization/default", "{\"mode\":\"deny-unless-allowed\"}", "/v1/authorization/default",
                "Listener/inbound|15006");
        ok(admin.send("POST", "/v1/migrations", MIGRATION), 201);
        ok(admin.put("/v1/services/web/authorization", "{\"allow\":[\"gateway\"]}"), 200);
        clusters = settle();

        dryRun("DELETE", "/v1/services/web/authorization", null, "/v1/services/web/authorization",
                "Listener/inbound|15006");
        JsonNode advanced = dryRun("POST", "/v1/migrations/orders-move/advance", null, "/v1/migrations/orders-move",
                "RouteConfiguration/upstream|orders");
        assertThat(advanced.get("step").asInt()).isEqualTo(1);
        ok(admin.send("POST", "/v1/migrations/orders-move/rollback", null), 200);
        clusters = settle();
        JsonNode forgotten = unchangedBy("DELETE", "/v1/migrations/orders-move", null, "/v1/migrations/orders-move");
        assertThat(forgotten.get("nodes")).as("a rolled-back migration publishes nothing").isEmpty();

        assertNothingWasPushed();
    }

    @Test
    void aGatewaysRoutesDryRunNamesTheConnectedGatewayAndChangesNothing() throws Exception {
        ManagedChannel channel = TestTls.channel(controlPlane.xdsPort(), TestTls.workload(ca, "edge"));
        channels.add(channel);
        Node edge = Node.newBuilder().setId("gateway~edge~1").setCluster("edge").setMetadata(Struct.newBuilder()
                .putFields(NodeMetadata.SERVICE, Fixtures.string("edge"))
                .putFields(NodeMetadata.GATEWAY, Fixtures.string("edge"))
                .putFields(NodeMetadata.OUTBOUND_PORT, Fixtures.number(8080))).build();
        AdsCall gateway = AdsCall.open(channel, edge, Resources.V3.CLUSTER_TYPE_URL);
        gateway.ack(gateway.next(Resources.V3.CLUSTER_TYPE_URL));

        JsonNode answer = unchangedBy("PUT", "/v1/gateways/edge/routes", SPLIT, "/v1/gateways/edge/routes");

        assertThat(answer.get("nodes")).as(answer.toString()).singleElement().satisfies(node -> {
            assertThat(node.get("id").asText()).isEqualTo("gateway~edge~1");
            assertThat(node.get("service").asText()).isEqualTo("edge");
            assertThat(node.get("kind").asText()).isEqualTo("gateway");
            assertThat(node.get("resources")).extracting(JsonNode::asText)
                    .contains("RouteConfiguration/gateway|edge", "Cluster/orders-v2");
        });
        assertNothingWasPushed();
    }

    @Test
    void aDryRunIsRefusedAsItsWriteWouldBe() throws Exception {
        ok(admin.send("POST", "/v1/services/orders/instances", "{\"host\":\"10.0.0.1\",\"port\":8080}"), 201);
        ok(admin.send("POST", "/v1/migrations", MIGRATION), 201);
        List<String[]> refused = List.of(
                new String[] {"PUT", "/v1/services/orders/policy", "{\"retries\":{\"numRetries\":-1}}"},
                new String[] {"PUT", "/v1/services/web/authorization", "{\"allow\":[\"Not A Service\"]}"},
                new String[] {"PUT", "/v1/authorization/default", "{\"mode\":\"sometimes\"}"},
                new String[] {"DELETE", "/v1/services/orders", null},
                new String[] {"PUT", "/v1/services/orders/routes", "{\"routes\":[{\"name\":\"x\",\"to\":[]}]}"},
                new String[] {"DELETE", "/v1/migrations/orders-move", null},
                new String[] {"POST", "/v1/migrations/orders-move/resume", null},
                new String[] {"POST", "/v1/revisions/99/revert", null});
        for (String[] write : refused) {
            HttpResponse<String> dry = admin.send(write[0], write[1] + "?dryRun=true", write[2]);
            HttpResponse<String> real = admin.send(write[0], write[1], write[2]);
            assertThat(dry.statusCode()).as(write[0] + " " + write[1] + ": " + dry.body()).isGreaterThanOrEqualTo(400)
                    .isEqualTo(real.statusCode());
            assertThat(JSON.readTree(dry.body()).get("detail")).as(write[1]).isEqualTo(JSON.readTree(real.body())
                    .get("detail"));
        }
        assertThat(ok(admin.send("PUT", "/v1/services/orders/policy?dryRun=yes", POLICY), 400).get("detail").asText())
                .isEqualTo("dryRun: 'yes' (expected: true or false)");
    }

    @Test
    void aDryRunWithAStaleIfMatchIs412() throws Exception {
        ok(admin.send("POST", "/v1/migrations", MIGRATION), 201);
        List<String[]> writes = List.of(
                new String[] {"PUT", "/v1/services/orders/policy", POLICY},
                new String[] {"DELETE", "/v1/services/orders/policy", null},
                new String[] {"PUT", "/v1/services/web/authorization", "{\"allow\":[\"gateway\"]}"},
                new String[] {"DELETE", "/v1/services/web/authorization", null},
                new String[] {"PUT", "/v1/authorization/default", "{\"mode\":\"allow-all\"}"},
                new String[] {"PUT", "/v1/services/payments", null},
                new String[] {"DELETE", "/v1/services/spare", null},
                new String[] {"PUT", "/v1/services/orders/routes", SPLIT},
                new String[] {"PUT", "/v1/gateways/edge/routes", SPLIT},
                new String[] {"POST", "/v1/migrations", MIGRATION.replace("orders-move", "other")},
                new String[] {"POST", "/v1/migrations/orders-move/pause", null});
        for (String[] write : writes) {
            HttpResponse<String> dry = admin.send(write[0], write[1] + "?dryRun=true", write[2], "\"999\"");
            assertThat(dry.statusCode()).as(write[0] + " " + write[1] + ": " + dry.body()).isEqualTo(412);
        }
        HttpResponse<String> current = admin.send("PUT", "/v1/services/orders/policy?dryRun=true", POLICY,
                admin.get("/v1/services/orders/policy").headers().firstValue("ETag").orElseThrow());
        assertThat(current.statusCode()).as("the current ETag passes").isEqualTo(200);
    }

    /** {@link #unchangedBy}, and the answer names this sidecar with {@code resource} among what it would receive. */
    private JsonNode dryRun(String method, String path, String body, String etagOf, String resource) throws Exception {
        JsonNode answer = unchangedBy(method, path, body, etagOf);
        assertThat(node(answer).get("resources")).as(path).extracting(JsonNode::asText).contains(resource);
        assertThat(answer.get("resources")).as(path).isNotEmpty();
        return answer;
    }

    /** Asks {@code method path?dryRun=true}: a 200 dry run; {@code etagOf}'s ETag and the revisions as before. */
    private JsonNode unchangedBy(String method, String path, String body, String etagOf) throws Exception {
        String etag = admin.get(etagOf).headers().firstValue("ETag").orElse("none");
        String revisions = admin.get("/v1/revisions").body();
        JsonNode answer = ok(admin.send(method, path + "?dryRun=true", body), 200);
        assertThat(answer.get("dryRun").asBoolean()).isTrue();
        assertThat(answer.get("warnings").isArray()).isTrue();
        assertThat(admin.get(etagOf).headers().firstValue("ETag").orElse("none")).as(path + ": ETag").isEqualTo(etag);
        assertThat(admin.get("/v1/revisions").body()).as(path + ": revisions").isEqualTo(revisions);
        return answer;
    }

    /** The answer's one node: this sidecar. */
    private static JsonNode node(JsonNode answer) {
        assertThat(answer.get("nodes")).as(answer.toString()).hasSize(1);
        JsonNode node = answer.get("nodes").get(0);
        assertThat(node.get("id").asText()).isEqualTo(NODE_ID);
        assertThat(node.get("service").asText()).isEqualTo("web");
        assertThat(node.get("kind").asText()).isEqualTo("sidecar");
        return node;
    }

    /**
     * The sidecar was sent nothing by the dry runs: the next clusters it receives are those of a later real write
     * (a new service), the others as it last had them.
     */
    private void assertNothingWasPushed() throws Exception {
        ok(admin.put("/v1/services/sentinel", null), 201);
        DiscoveryResponse next = sidecar.next(Resources.V3.CLUSTER_TYPE_URL);
        Map<String, Cluster> after = clusters(next);
        assertThat(after).containsKey("sentinel");
        after.remove("sentinel");
        assertThat(after).as("what the sidecar held before the dry runs").isEqualTo(clusters(clusters));
    }

    /** After real writes: waits for the sidecar's clusters to reflect them (acking each push), returns the last. */
    private DiscoveryResponse settle() throws Exception {
        String marker = "settle-" + channels.size() + "-" + System.nanoTime();
        ok(admin.put("/v1/services/" + marker, null), 201);
        DiscoveryResponse response;
        do {
            response = sidecar.next(Resources.V3.CLUSTER_TYPE_URL);
            sidecar.ack(response);
        } while (!clusters(response).containsKey(marker));
        return response;
    }

    private static Map<String, Cluster> clusters(DiscoveryResponse response) throws Exception {
        Map<String, Cluster> byName = new TreeMap<>();
        for (var any : response.getResourcesList()) {
            Cluster cluster = any.unpack(Cluster.class);
            byName.put(cluster.getName(), cluster);
        }
        return byName;
    }

    private static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
