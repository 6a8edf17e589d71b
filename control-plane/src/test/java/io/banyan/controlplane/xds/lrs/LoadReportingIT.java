package io.banyan.controlplane.xds.lrs;

import com.google.protobuf.util.Durations;
import io.banyan.api.xds.LoadReportNames;
import io.banyan.api.xds.NodeMetadataCodec;
import io.banyan.api.xds.SidecarMetadata;
import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.loadstats.LoadWindow;
import io.banyan.controlplane.loadstats.ShadowSample;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.controlplane.support.AdminClient;
import io.banyan.controlplane.xds.XdsLimits;
import io.banyan.primitives.stats.LatencySketch;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.EndpointLoadMetricStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.banyan.controlplane.xds.lrs.ClusterStatsDecoderTest.endpoint;
import static io.banyan.controlplane.xds.lrs.ClusterStatsDecoderTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A whole control plane on 127.0.0.1 (port 0) with a CA from the test: data planes holding workload certificates
 * stream load reports over the xDS port's mutual TLS, are told which clusters to report on (and again when that
 * changes: the live migrations' side clusters), and their reports show up in the control plane's load window; a client
 * without a certificate, or without a node, gets nothing.
 */
class LoadReportingIT {

    private static final String FROM = "migration|orders-move|from";
    private static final String TO = "migration|orders-move|to";
    private static final String SHADOW = "migration|orders-move|shadow";
    private static final Duration INTERVAL = Duration.ofMillis(250);
    /** xds-max-nodes, which also bounds the open load-reporting streams. */
    private static final int MAX_STREAMS = 3;
    private static final int MAX_PER_IDENTITY = 2;

    @TempDir
    static Path dataDir;
    @TempDir
    static Path caDir;

    private static CertificateAuthority ca;
    private static ControlPlane controlPlane;
    private static LoadWindow loads;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        ca = TestTls.newCa();
        CaFiles.save(ca, caDir);
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1")
                .adminPort(0).xdsPort(0).caDir(caDir).loadReportInterval(INTERVAL)
                .xdsLimits(new XdsLimits(MAX_PER_IDENTITY, MAX_STREAMS, Duration.ofMinutes(5)))
                .build());
        loads = controlPlane.loads();
    }

    @AfterAll
    static void stop() {
        controlPlane.close();
    }

    /** What the data planes are asked to report comes from the live migrations: this one's three side clusters. */
    @BeforeEach
    void startMigration() throws Exception {
        migrate("orders-move");
    }

    @AfterEach
    void closeChannelsAndMigrations() throws Exception {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (String name : List.of("orders-move", "billing-move", "edge-move")) {
            admin().send("POST", "/v1/migrations/" + name + "/rollback", null);
            admin().send("DELETE", "/v1/migrations/" + name, null);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> loads.tracked().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("banyan_load_streams") == 0);
    }

    /** A live migration, shadowing (so its from, to and shadow clusters are tracked), without a guard. */
    private static void migrate(String name) throws Exception {
        var created = admin().send("POST", "/v1/migrations", """
                {"name": "%s", "match": {"path": {"prefix": "/%s"}}, "from": "monolith", "to": "orders",
                 "steps": [0, 100], "shadow": {"percent": 100}}""".formatted(name, name));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> loads.tracked().contains("migration|" + name + "|to"));
    }

    private static AdminClient admin() {
        return new AdminClient(controlPlane.adminPort(), "");
    }

    private ManagedChannel channel(String service) {
        ManagedChannel channel = TestTls.channel(controlPlane.xdsPort(),
                service == null ? TestTls.trusting(ca) : TestTls.workload(ca, service));
        channels.add(channel);
        return channel;
    }

    private static Node node(String id, String service) {
        return Node.newBuilder().setId(id).setCluster(service).build();
    }

    private static EndpointLoadMetricStats metric(String name, long num) {
        return EndpointLoadMetricStats.newBuilder().setMetricName(name).setNumRequestsFinishedWithMetric(num).build();
    }

    @Test
    void aDataPlaneIsToldWhatToReportAndItsReportsShowUpInTheLoadWindow() throws Exception {
        LrsCall web = LrsCall.open(channel("web"), node("sidecar~web~1", "web"));

        LoadStatsResponse first = web.next();
        assertThat(first.getClustersList()).containsExactly(FROM, SHADOW, TO);
        assertThat(first.getSendAllClusters()).isFalse();
        assertThat(Durations.toMillis(first.getLoadReportingInterval())).isEqualTo(INTERVAL.toMillis());

        double untrackedBefore = rejected("untracked_cluster");
        Instant before = Instant.now();
        web.send(LoadStatsRequest.newBuilder()
                .addClusterStats(ClusterStats.newBuilder().setClusterName(TO)
                        .setLoadReportInterval(Durations.fromMillis(250))
                        .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder()
                                .setLocality(Locality.newBuilder().setZone("a"))
                                .setTotalSuccessfulRequests(95).setTotalErrorRequests(5)
                                .setTotalIssuedRequests(102).setTotalRequestsInProgress(2)
                                .addLoadMetricStats(metric(LoadReportNames.latency(LatencySketch.indexOf(3_000)), 90))
                                .addLoadMetricStats(metric(LoadReportNames.latency(LatencySketch.indexOf(400_000)), 10))
                                .addLoadMetricStats(metric(LoadReportNames.error(LoadReportNames.UPSTREAM_5XX), 4))
                                .addLoadMetricStats(metric(LoadReportNames.error("upstream_timeout"), 1))))
                .addClusterStats(ClusterStats.newBuilder().setClusterName(SHADOW)
                        .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder()
                                .setTotalSuccessfulRequests(10)
                                .addLoadMetricStats(metric(LoadReportNames.SHADOW_EQUAL, 8))
                                .addLoadMetricStats(metric(LoadReportNames.SHADOW_DIFFERENT, 2))
                                .addLoadMetricStats(metric(LoadReportNames.SHADOW_FAILED, 1))
                                .addUpstreamEndpointStats(endpoint(sample("req-7", "body", "2026-12-07T10:00:00Z")))))
                .addClusterStats(ClusterStats.newBuilder().setClusterName("payments")
                        .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder().setTotalSuccessfulRequests(1)))
                .build());

        await().atMost(Duration.ofSeconds(10)).until(() -> loads.side(TO, before.minusSeconds(1)).requests() == 100);
        SideStats to = loads.side(TO, before.minusSeconds(1));
        assertThat(to.errors()).isEqualTo(5);
        assertThat(to.errorRate()).isEqualTo(0.05);
        assertThat(to.errorsByCause()).containsExactlyInAnyOrderEntriesOf(
                Map.of("upstream_5xx", 4L, "upstream_timeout", 1L));
        assertThat(to.inProgress()).isEqualTo(2);
        assertThat(to.p50().toMillis()).isBetween(2L, 4L);
        assertThat(to.p99().toMillis()).isBetween(375L, 425L);

        ShadowStats shadow = loads.shadow(SHADOW, before.minusSeconds(1));
        assertThat(shadow.compared()).isEqualTo(10);
        assertThat(shadow.different()).isEqualTo(2);
        assertThat(shadow.failed()).isEqualTo(1);
        assertThat(shadow.samples()).extracting(ShadowSample::requestId, ShadowSample::path, ShadowSample::where)
                .containsExactly(tuple("req-7", "/orders/7", "/total"));
        assertThat(loads.side("payments", Instant.EPOCH)).isEqualTo(SideStats.EMPTY);
        assertThat(rejected("untracked_cluster")).isEqualTo(untrackedBefore + 1);
        assertThat(metric("banyan_load_reports_total")).isPositive();

        // A second data plane (a gateway of another service) joins; a new tracked set reaches both streams.
        LrsCall edge = LrsCall.open(channel("edge"), node("gateway~edge~1", "edge"));
        assertThat(edge.next().getClustersList()).containsExactly(FROM, SHADOW, TO);
        assertThat(metric("banyan_load_streams")).isEqualTo(2);
        migrate("billing-move");
        List<String> both = List.of("migration|billing-move|from", "migration|billing-move|shadow",
                "migration|billing-move|to", FROM, SHADOW, TO);
        assertThat(web.next().getClustersList()).containsExactlyElementsOf(both);
        assertThat(edge.next().getClustersList()).containsExactlyElementsOf(both);

        // When the stream ends, its in-progress gauge goes; what it reported stays.
        web.complete();
        assertThat(web.status().getCode()).isEqualTo(Status.Code.OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> loads.side(TO, before.minusSeconds(1)).inProgress() == 0);
        assertThat(loads.side(TO, before.minusSeconds(1)).requests()).isEqualTo(100);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("banyan_load_streams") == 1);
        assertThat(edge.ended).isNotDone();

        // Rolled back, a migration's clusters are no longer reported on and what they reported is forgotten.
        assertThat(admin().send("POST", "/v1/migrations/orders-move/rollback", null).statusCode()).isEqualTo(200);
        assertThat(edge.next().getClustersList()).containsExactlyElementsOf(both.subList(0, 3));
        assertThat(loads.side(TO, Instant.EPOCH)).as("no longer tracked: forgotten").isEqualTo(SideStats.EMPTY);
        assertThat(loads.shadow(SHADOW, Instant.EPOCH)).isEqualTo(ShadowStats.EMPTY);
    }

    @Test
    void aGatewayMigrationsSidesAreAskedOfThatGatewayOnlyAndNobodyElseMayReportThem() throws Exception {
        var created = admin().send("POST", "/v1/migrations", """
                {"name": "edge-move", "match": {"path": {"prefix": "/edge"}}, "from": "monolith", "to": "orders",
                 "gateway": "edge", "steps": [25, 100]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> loads.tracked().contains("migration|edge-move|to"));
        String edgeTo = "migration|edge-move|to";

        LrsCall web = LrsCall.open(channel("web"), node("sidecar~web~1", "web"));
        assertThat(web.next().getClustersList()).containsExactly(FROM, SHADOW, TO);
        Node gateway = Node.newBuilder().setId("gateway~edge~1").setCluster("edge")
                .setMetadata(NodeMetadataCodec.encode(SidecarMetadata.gateway("edge", "", "0.0.0.0", 8443))).build();
        LrsCall edge = LrsCall.open(channel("edge"), gateway);
        assertThat(edge.next().getClustersList()).containsExactly("migration|edge-move|from",
                "migration|edge-move|shadow", edgeTo, FROM, SHADOW, TO);

        double untrackedBefore = rejected("untracked_cluster");
        web.send(LoadStatsRequest.newBuilder().addClusterStats(ClusterStats.newBuilder().setClusterName(edgeTo)
                .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder().setTotalErrorRequests(50))).build());
        edge.send(LoadStatsRequest.newBuilder().addClusterStats(ClusterStats.newBuilder().setClusterName(edgeTo)
                .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder().setTotalSuccessfulRequests(7))).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> loads.side(edgeTo, Instant.EPOCH).requests() == 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected("untracked_cluster") == untrackedBefore + 1);
        assertThat(loads.side(edgeTo, Instant.EPOCH).errors()).as("web never routes to it: its report is not kept")
                .isZero();
    }

    @Test
    void aClientWithoutAWorkloadCertificateIsRefusedBeforeItsReportIsRead() throws Exception {
        LrsCall anonymous = LrsCall.open(channel(null), node("sidecar~web~anon", "web"));
        anonymous.send(LoadStatsRequest.newBuilder().addClusterStats(ClusterStats.newBuilder().setClusterName(TO)
                .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder().setTotalErrorRequests(50))).build());

        Status status = anonymous.status();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains("client certificate: missing");
        assertThat(anonymous.responses).isEmpty();
        assertThat(loads.side(TO, Instant.EPOCH)).isEqualTo(SideStats.EMPTY);
    }

    @Test
    void aFirstRequestWithoutANodeOrWithAnotherServicesNodeEndsTheStream() throws Exception {
        LrsCall noNode = LrsCall.open(channel("web"), Node.getDefaultInstance());
        Status status = noNode.status();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("node: missing (expected: the first LoadStatsRequest carries");
        assertThat(noNode.responses).isEmpty();

        LrsCall impostor = LrsCall.open(channel("web"), node("sidecar~orders~1", "orders"));
        status = impostor.status();
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains("'orders'", "spiffe://mesh.local/svc/web");
        assertThat(impostor.responses).isEmpty();
        assertThat(metric("banyan_load_streams_refused_total")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void streamsBeyondTheBoundsPerIdentityAndInAllAreRefusedUntilOneEnds() throws Exception {
        ManagedChannel web = channel("web");
        List<LrsCall> open = new ArrayList<>();
        for (int i = 0; i < MAX_PER_IDENTITY; i++) {
            LrsCall call = LrsCall.open(web, node("sidecar~web~" + i, "web"));
            assertThat(call.next().getClustersList()).containsExactly(FROM, SHADOW, TO);
            open.add(call);
        }
        Status beyondIdentity = LrsCall.open(web, node("sidecar~web~surplus", "web")).status();
        assertThat(beyondIdentity.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(beyondIdentity.getDescription()).contains("spiffe://mesh.local/svc/web",
                "at most " + MAX_PER_IDENTITY + " per identity");
        LrsCall edge = LrsCall.open(channel("edge"), node("gateway~edge~1", "edge"));
        assertThat(edge.next().getClustersList()).as("another identity still has room").containsExactly(FROM, SHADOW, TO);
        Status beyondAll = LrsCall.open(channel("billing"), node("sidecar~billing~1", "billing")).status();
        assertThat(beyondAll.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(beyondAll.getDescription()).contains("at most " + MAX_STREAMS);
        assertThat(metric("banyan_load_streams_refused_total{reason=\"stream_limit\"")).isGreaterThanOrEqualTo(2);

        open.get(0).complete();
        assertThat(open.get(0).status().getCode()).isEqualTo(Status.Code.OK);
        LrsCall next = LrsCall.open(web, node("sidecar~web~next", "web"));
        assertThat(next.next().getClustersList()).containsExactly(FROM, SHADOW, TO);
        assertThat(open.get(1).ended).isNotDone();
    }

    private static double rejected(String reason) throws Exception {
        return metric("banyan_load_reports_rejected_total{reason=\"" + reason + "\"");
    }

    /** The sum of the samples of {@code name} (a name, or a name with the start of its labels). */
    private static double metric(String name) throws Exception {
        String body = new AdminClient(controlPlane.adminPort(), "").get("/metrics").body();
        return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{")
                        || (name.contains("{") && line.startsWith(name)))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
