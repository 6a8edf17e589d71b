package io.banyan.controlplane.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.adminserver.AdminResource;
import io.banyan.api.xds.XdsProtocol;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.admin.AdminResources;
import io.banyan.controlplane.admin.AdminServer;
import io.banyan.controlplane.admin.DryRuns;
import io.banyan.controlplane.admin.RevertibleResource;
import io.banyan.controlplane.ca.RequireWorkloadIdentity;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.loadstats.LoadStore;
import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.support.AdminClient;
import io.banyan.controlplane.xds.NodeAdmission;
import io.banyan.controlplane.xds.SidecarDirectory;
import io.banyan.controlplane.xds.SnapshotPublisher;
import io.banyan.controlplane.xds.XdsLimits;
import io.banyan.controlplane.xds.XdsMetrics;
import io.banyan.controlplane.xds.XdsServer;
import io.banyan.controlplane.xds.XdsServerSettings;
import io.banyan.controlplane.xds.XdsStreamCallbacks;
import io.banyan.controlplane.xds.lrs.LoadReportingService;
import io.banyan.controlplane.xds.lrs.ReportScope;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.testkit.time.FakeClock;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The xDS and admin sides wired as {@code ControlPlane} wires them, on a fake clock, with three data planes of 'web'
 * on real ADS and LRS streams over mutual TLS: a policy write staged to a 10% canary (the first node by id) reaches
 * only it; a NACK or an error-rate rise there writes the policy back and the others never see it; a healthy canary is
 * promoted once it ACKed and the bake is over, and then every node has it.
 */
class StagedRolloutIT {

    private static final String TOKEN = "rollout-token";
    private static final String POLICY = "/v1/services/orders/policy";
    private static final String STAGED = """
            {"loadBalancing": {"policy": "least_request"},
             "rollout": {"canary": "10%%", "bake": "30s", "minRequests": %d}}""";

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CertificateAuthority ca = TestTls.newCa();
    private final FakeClock clock = new FakeClock();
    private final ObjectMapper json = JsonMappers.lenient();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<TestDataPlane> nodes = new ArrayList<>();
    private Store store;
    private Registry registry;
    private SnapshotPublisher publisher;
    private NodeAdmission admission;
    private XdsServer xds;
    private AdminServer admin;
    private RolloutDriver driver;
    private AdminClient client;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        Revisions revisions = new Revisions(store, clock, meters);
        registry = new Registry(store, clock, meters, null,
                revisions);
        PolicyBook policies = new PolicyBook(store, clock, revisions);
        XdsMetrics metrics = new XdsMetrics(meters);
        publisher = new SnapshotPublisher(new SnapshotBuilder("mesh.local"), Checks.guard(), metrics);
        publisher.onChange(registry(1, true));
        policies.addListener(publisher);
        SidecarDirectory directory = new SidecarDirectory(clock);
        admission = new NodeAdmission(XdsLimits.DEFAULT, clock, publisher::forget);
        NodeLoads loads = new NodeLoads(clock, Duration.ofSeconds(1), Duration.ofHours(1));
        Rollouts rollouts = new Rollouts(publisher, directory, loads, clock, meters);
        RequireWorkloadIdentity workloads = new RequireWorkloadIdentity(TestTls.peers(ca), metrics.unauthenticated());
        LoadReportingService reporting = new LoadReportingService(new LoadStore(clock), loads,
                Duration.ofSeconds(1), 10, 10, ReportScope.ANY, meters);
        xds = XdsServer.start(new XdsServerSettings("127.0.0.1", 0, TestTls.server(ca), Duration.ofMillis(200)),
                new XdsStreamCallbacks(publisher, directory, admission, metrics), publisher.cache(), workloads,
                List.of(reporting.bindService(workloads)));
        List<RevertibleResource> writers = List.of(AdminResources.policies(registry, policies, Checks.policy(),
                DryRuns.withoutNodes(), rollouts));
        List<AdminResource> resources = new ArrayList<>(writers);
        resources.add(AdminResources.revisions(revisions, writers, DryRuns.withoutNodes(), rollouts));
        resources.add(AdminResources.rollouts(rollouts));
        admin = new AdminServer("127.0.0.1", 0, TOKEN, meters, resources).start();
        driver = new RolloutDriver(rollouts, directory, publisher, loads,
                AdminResources.reverter(revisions, writers), clock, Duration.ofMillis(20)).start();
        client = new AdminClient(admin.port(), TOKEN);
        for (int i = 1; i <= 3; i++) {
            ManagedChannel channel = TestTls.channel(xds.port(), TestTls.workload(ca, "web"));
            channels.add(channel);
            nodes.add(new TestDataPlane(channel, webNode("sidecar~web~" + i), protocol()));
        }
        for (TestDataPlane node : nodes) {
            DiscoveryResponse first = node.next();
            assertThat(TestDataPlane.lbPolicy(first, "orders")).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
            node.ack(first);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> directory.sidecars().stream()
                .allMatch(status -> !status.types().isEmpty() && !status.types().values().iterator().next()
                        .ackedVersion().isEmpty()) && directory.sidecars().size() == 3);
    }

    /** The ADS variant the test nodes speak; {@link StagedRolloutDeltaIT} runs these tests over delta. */
    XdsProtocol protocol() {
        return XdsProtocol.SOTW;
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        driver.close();
        admin.close();
        xds.close();
        admission.close();
        publisher.close();
        registry.close();
        store.close();
    }

    @Test
    void aCanaryThatNacksIsRevertedAndTheOthersNeverReceiveTheChange() throws Exception {
        JsonNode staged = stage(20);
        assertThat(staged.path("rollout").path("canary")).hasSize(1);
        assertThat(staged.path("rollout").path("canary").get(0).asText()).isEqualTo("sidecar~web~1");
        long revision = staged.path("rollout").path("revision").asLong();

        TestDataPlane canary = nodes.get(0);
        DiscoveryResponse before = canary.received.get(0);
        DiscoveryResponse changed = canary.next();
        assertThat(TestDataPlane.lbPolicy(changed, "orders")).isEqualTo(Cluster.LbPolicy.LEAST_REQUEST);
        canary.nack(changed, before, "cluster 'orders': least_request refused");

        JsonNode reverted = awaitState(staged, "reverted");
        assertThat(reverted.path("reason").asText()).isEqualTo("canary node 'sidecar~web~1' NACKed Cluster version "
                + changed.getVersionInfo() + ": cluster 'orders': least_request refused");
        // The canary kept the version before (its NACK says so): it is published that version again, so the cache
        // has nothing to send it.
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.publishedVersions(canary.id)
                .get(Resources.V3.CLUSTER_TYPE_URL).equals(before.getVersionInfo()));
        assertNeverReceived(nodes.subList(1, 3));

        JsonNode record = get("/v1/revisions/" + revision);
        assertThat(record.path("rollout").path("state").asText()).isEqualTo("reverted");
        assertThat(record.path("rollout").path("reason").asText()).startsWith("canary node 'sidecar~web~1' NACKed");
        JsonNode latest = get("/v1/revisions?kind=policy&limit=1").path("revisions").get(0);
        assertThat(latest.path("author").asText()).isEqualTo("rollout");
        assertThat(latest.path("revertOf").asLong()).isEqualTo(revision);
        assertThat(meters.get(MetricNames.ROLLOUTS).tag("outcome", "reverted").counter().count()).isEqualTo(1);
    }

    @Test
    void aCanaryWhoseErrorRateRisesIsReverted() throws Exception {
        for (TestDataPlane node : nodes) {
            assertThat(node.reportLoads().getSendAllClusters()).isFalse();
        }
        JsonNode staged = stage(20);
        for (TestDataPlane node : nodes) {
            LoadStatsResponse asked = node.nextLoadAnswer();
            assertThat(asked.getSendAllClusters()).as("every cluster is asked for while a rollout bakes").isTrue();
        }
        TestDataPlane canary = nodes.get(0);
        canary.ack(canary.next());
        nodes.get(1).report("orders", 100, 1);
        nodes.get(2).report("orders", 100, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(rolloutPath(staged)).path("restStats")
                .path("requests").asLong() == 200);
        canary.report("orders", 120, 30);

        JsonNode reverted = awaitState(staged, "reverted");
        assertThat(reverted.path("reason").asText())
                .isEqualTo("canary error rate 0.25 > rest 0.01 + 0.01 over 0s (120 requests)");
        assertThat(reverted.path("canaryStats").path("requests").asLong()).isEqualTo(120);
        assertThat(reverted.path("restStats").path("errors").asLong()).isEqualTo(2);
        awaitBack(canary);
        assertNeverReceived(nodes.subList(1, 3));
        assertThat(nodes.get(1).nextLoadAnswer().getSendAllClusters()).isFalse();
    }

    @Test
    void aHealthyCanaryIsPromotedAfterTheBakeThenEveryNodeHasTheChange() throws Exception {
        JsonNode staged = stage(20);
        TestDataPlane canary = nodes.get(0);
        canary.ack(canary.next());

        HttpResponse<String> second = client.put(POLICY, "{\"loadBalancing\": {\"policy\": \"random\"}}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(second.body()).contains("rollout " + staged.path("rollout").path("id").asText() + " is in flight");
        assertThat(client.send("DELETE", POLICY, null).statusCode()).isEqualTo(409);
        assertThat(client.send("POST", "/v1/revisions/" + staged.path("rollout").path("revision").asLong()
                + "/revert?force=true", null).statusCode()).isEqualTo(409);
        assertThat(get(rolloutPath(staged)).path("state").asText()).isEqualTo("baking");
        assertNeverReceived(nodes.subList(1, 3));

        clock.advance(Duration.ofSeconds(30));
        awaitState(staged, "promoted");
        for (TestDataPlane node : nodes.subList(1, 3)) {
            assertThat(TestDataPlane.lbPolicy(node.next(), "orders")).isEqualTo(Cluster.LbPolicy.LEAST_REQUEST);
        }
        assertThat(get("/v1/rollouts").path("rollouts").get(0).path("state").asText()).isEqualTo("promoted");
        assertThat(get(POLICY).path("loadBalancing").path("policy").asText()).isEqualTo("least_request");
        assertThat(meters.get(MetricNames.ROLLOUTS).tag("outcome", "promoted").counter().count()).isEqualTo(1);
    }

    private JsonNode stage(int minRequests) throws Exception {
        HttpResponse<String> put = client.put(POLICY, STAGED.formatted(minRequests));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(202);
        JsonNode body = json.readTree(put.body());
        assertThat(body.path("loadBalancing").path("policy").asText()).isEqualTo("least_request");
        assertThat(body.path("rollout").path("state").asText()).isEqualTo("baking");
        assertThat(put.headers().firstValue("ETag"))
                .contains("\"" + body.path("rollout").path("revision").asLong() + "\"");
        return body;
    }

    private JsonNode awaitState(JsonNode staged, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> get(rolloutPath(staged)).path("state").asText(),
                state::equals);
        return uncheckedGet(rolloutPath(staged));
    }

    /** The canary, which ACKed the staged policy, receives the one before it again. */
    private static void awaitBack(TestDataPlane canary) throws InterruptedException {
        DiscoveryResponse response = canary.next();
        assertThat(TestDataPlane.lbPolicy(response, "orders")).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
        canary.ack(response);
    }

    private static String rolloutPath(JsonNode staged) {
        return "/v1/rollouts/" + staged.path("rollout").path("id").asText();
    }

    /** Every CDS response the nodes received holds the policy before the staged write. */
    private static void assertNeverReceived(List<TestDataPlane> others) {
        for (TestDataPlane node : others) {
            assertThat(node.received).isNotEmpty();
            for (DiscoveryResponse response : node.received) {
                assertThat(TestDataPlane.lbPolicy(response, "orders")).as(node.id)
                        .isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
            }
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = client.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode uncheckedGet(String path) {
        try {
            return get(path);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
