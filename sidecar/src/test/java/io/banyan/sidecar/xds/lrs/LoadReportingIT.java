package io.banyan.sidecar.xds.lrs;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.primitives.time.Backoff;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.sidecar.loadstats.LoadRecorders;
import io.banyan.sidecar.mirror.ShadowDelta;
import io.banyan.sidecar.mirror.ShadowDifference;
import io.banyan.sidecar.mirror.ShadowSource;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.ControlPlaneTrust;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.tls.WorkloadKeyManager;
import io.banyan.sidecar.xds.ControlPlaneChannels;
import io.banyan.sidecar.xds.NodeFactory;
import io.banyan.testkit.upstream.AppUpstream;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.EndpointLoadMetricStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.grpc.HandlerRegistry;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load reports end to end: a real data plane sends requests to "orders" (an app answering 500 to every fifth) and
 * "payments"; the load reporter streams over mutual TLS (a workload certificate of the test CA) to a real LRS server,
 * which asks for some clusters at some interval. What
 * arrives is counted per cluster and zone, with a latency sketch of as many requests, only for the clusters asked
 * about, at no shorter interval than asked.
 */
class LoadReportingIT {

    @RegisterExtension
    final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final TestCa ca = new TestCa();
    private final LoadRecorders loads = new LoadRecorders();
    private final ConcurrentLinkedQueue<String> shadowDrains = new ConcurrentLinkedQueue<>();
    private TestLrsServer server;
    private ControlPlaneChannels channels;
    private AppUpstream orders;
    private AppUpstream payments;
    private LoadReporter reporter;
    private Node node;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new TestLrsServer(ca);
        WorkloadKeyManager keyManager = new WorkloadKeyManager();
        keyManager.onIdentity(ca.identity("web"));
        channels = new ControlPlaneChannels("127.0.0.1", server.port(), TlsChannelCredentials.newBuilder()
                .keyManager(keyManager)
                .trustManager(new ControlPlaneTrust(ControlPlaneTrust.fingerprint(ca.root().root()),
                        TestCa.TRUST_DOMAIN, ca::bundle, Clock.systemUTC()))
                .build());
        orders = AppUpstream.named("orders").script(n -> n % 5 == 0 ? 500 : 200).start();
        payments = AppUpstream.start("payments");
        dataPlanes.start(builder -> builder.loads(loads), config());
        port = dataPlanes.outboundPort();
        SidecarSettings settings = SidecarSettings.builder("web", "127.0.0.1:" + server.port(),
                Path.of("/tmp/banyan-lrs-it")).zone("zone-w").build();
        node = new NodeFactory(settings.instance()).create(0, port, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (reporter != null) {
            reporter.close();
        }
        channels.close();
        server.close();
        orders.close();
        payments.close();
    }

    @Test
    void theClustersAskedAboutArriveCountedPerZoneWithASketchOfEveryRequest() throws Exception {
        reporter = reporter(ShadowSource.NONE);
        reporter.start();
        await().until(() -> server.openStreams() == 1);
        assertThat(server.requests().get(0)).isEqualTo(LoadStatsRequest.newBuilder().setNode(node).build());

        server.ask(Duration.ofMillis(100), "orders");
        await().until(() -> loads.tracked().contains("orders"));
        for (int i = 0; i < 10; i++) {
            assertThat(get("/orders/" + i)).isEqualTo(i % 5 == 4 ? 500 : 200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get("/payments/" + i)).isEqualTo(200);
        }

        await().untilAsserted(() -> assertThat(sum("orders", UpstreamLocalityStats::getTotalSuccessfulRequests)
                + sum("orders", UpstreamLocalityStats::getTotalErrorRequests)).isEqualTo(10));
        assertThat(sum("orders", UpstreamLocalityStats::getTotalSuccessfulRequests)).isEqualTo(8);
        assertThat(sum("orders", UpstreamLocalityStats::getTotalErrorRequests)).isEqualTo(2);
        assertThat(sum("orders", UpstreamLocalityStats::getTotalIssuedRequests)).isEqualTo(10);
        assertThat(metric("orders", "banyan.error.upstream_5xx")).isEqualTo(2);
        assertThat(metric("orders", "banyan.latency.")).as("a sketch of every request").isEqualTo(10);
        assertThat(zonesAnswered("orders")).as("the zone of the endpoint that answered").containsOnly("zone-a");
        assertThat(stats("payments")).as("not asked about").isEmpty();
        List<LoadStatsRequest> received = List.copyOf(server.requests());
        assertThat(received.subList(1, received.size())).as("the node only in the first request")
                .allSatisfy(request -> assertThat(request.hasNode()).isFalse());
    }

    @Test
    void aNewAnswerReplacesTheClustersAndTheIntervalAndShadowOutcomesComeFromTheSource() throws Exception {
        ShadowDifference sample = new ShadowDifference("req-1", "GET", "/payments/1", 200, 500, "status", "", 0);
        reporter = reporter(cluster -> {
            shadowDrains.add(cluster);
            return cluster.equals("payments") && shadowDrains.stream().filter("payments"::equals).count() == 1
                    ? new ShadowDelta(3, 1, 0, 0, List.of(sample)) : ShadowDelta.EMPTY;
        });
        oneOrderReported();

        Duration slower = Duration.ofMillis(300);
        server.ask(slower, "payments");
        await().until(() -> loads.tracked().equals(Set.of("payments")));
        assertThat(get("/orders/2")).isEqualTo(200);
        assertThat(get("/payments/1")).isEqualTo(200);

        await().until(() -> sum("payments", UpstreamLocalityStats::getTotalSuccessfulRequests) == 1);
        assertThat(sum("orders", UpstreamLocalityStats::getTotalSuccessfulRequests))
                .as("orders is no longer asked about: its second request is not reported").isEqualTo(1);
        assertThat(stats("payments")).allSatisfy(stats ->
                assertThat(Duration.ofSeconds(stats.getLoadReportInterval().getSeconds(),
                        stats.getLoadReportInterval().getNanos())).isGreaterThanOrEqualTo(slower));
        assertThat(metric("payments", "banyan.shadow.equal")).isEqualTo(3);
        assertThat(metric("payments", "banyan.shadow.different")).isEqualTo(1);
        assertThat(stats("payments").get(0).getUpstreamLocalityStats(0).getUpstreamEndpointStats(0).getMetadata()
                .getFieldsOrThrow("banyan.shadow.difference").getStructValue().getFieldsOrThrow("requestId")
                .getStringValue()).isEqualTo("req-1");
        assertThat(shadowDrains).as("the shadow source is asked about the clusters asked about only")
                .containsOnly("orders", "payments");
    }

    @Test
    void sendAllClustersReportsEveryClusterOfTheConfig() throws Exception {
        reporter = reporter(ShadowSource.NONE);
        reporter.start();
        await().until(() -> server.openStreams() == 1);

        server.askAll(Duration.ofMillis(100));
        await().until(() -> loads.tracked().equals(Set.of("orders", "payments")));
        assertThat(get("/orders/1")).isEqualTo(200);
        assertThat(get("/payments/1")).isEqualTo(200);

        await().until(() -> sum("orders", UpstreamLocalityStats::getTotalSuccessfulRequests) == 1
                && sum("payments", UpstreamLocalityStats::getTotalSuccessfulRequests) == 1);
        assertThat(zonesAnswered("payments")).containsOnly("zone-b");
    }

    @Test
    void aStreamTheControlPlaneEndsIsReopenedWithTheNodeFirstAndWhatHappenedMeanwhileIsReported() throws Exception {
        reporter = reporter(ShadowSource.NONE);
        oneOrderReported();

        server.endStreams();
        assertThat(get("/orders/2")).isEqualTo(200); // while there is no stream, or a new one not asking yet
        await().until(() -> server.requests().stream().filter(LoadStatsRequest::hasNode).count() == 2
                && server.openStreams() == 1);
        assertThat(reporter.state()).isEqualTo(LoadReporter.State.STREAMING);
        server.ask(Duration.ofMillis(100), "orders");

        await().until(() -> sum("orders", UpstreamLocalityStats::getTotalSuccessfulRequests) == 2);
        assertThat(sum("orders", UpstreamLocalityStats::getTotalIssuedRequests)).isEqualTo(2);
    }

    @Test
    void aControlPlaneWithoutLoadReportingIsAskedOnceAndAgainOnlyWhenTheChannelReconnects() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Server bare = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .fallbackHandlerRegistry(new HandlerRegistry() {
                    @Override
                    public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
                        calls.incrementAndGet();
                        return null; // UNIMPLEMENTED
                    }
                })
                .build()
                .start();
        ControlPlaneChannels toBare = new ControlPlaneChannels("127.0.0.1", bare.getPort());
        try {
            reporter = LoadReporter.builder(toBare.channel(), node, loads, ShadowSource.NONE)
                    .backoff(Backoff.fixed(Duration.ofMillis(10)))
                    .build();
            reporter.start();
            await().until(() -> reporter.state() == LoadReporter.State.UNSUPPORTED);
            assertThat(calls).hasValue(1);

            reporter.retryNow();

            await().until(() -> calls.get() == 2 && reporter.state() == LoadReporter.State.UNSUPPORTED);
            assertThat(loads.tracked()).isEmpty();
        } finally {
            reporter.close();
            reporter = null;
            toBare.close();
            bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Starts the reporter, asks it about "orders" every 100 ms, and sees one request to orders reported. */
    private void oneOrderReported() throws Exception {
        reporter.start();
        await().until(() -> server.openStreams() == 1);
        server.ask(Duration.ofMillis(100), "orders");
        await().until(() -> loads.tracked().contains("orders"));
        assertThat(get("/orders/1")).isEqualTo(200);
        await().until(() -> sum("orders", UpstreamLocalityStats::getTotalSuccessfulRequests) == 1);
    }

    private LoadReporter reporter(ShadowSource shadows) {
        return LoadReporter.builder(channels.channel(), node, loads, shadows)
                .backoff(Backoff.fixed(Duration.ofMillis(50)))
                .build();
    }

    private int get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<ClusterStats> stats(String cluster) {
        return server.requests().stream()
                .flatMap(request -> request.getClusterStatsList().stream())
                .filter(stats -> stats.getClusterName().equals(cluster))
                .toList();
    }

    /** The zones of the localities of {@code cluster} where requests ended (not only in progress). */
    private List<String> zonesAnswered(String cluster) {
        return stats(cluster).stream()
                .flatMap(stats -> stats.getUpstreamLocalityStatsList().stream())
                .filter(locality -> locality.getTotalSuccessfulRequests() + locality.getTotalErrorRequests() > 0)
                .map(locality -> locality.getLocality().getZone())
                .toList();
    }

    private long sum(String cluster, ToLongFunction<UpstreamLocalityStats> field) {
        return stats(cluster).stream()
                .flatMap(stats -> stats.getUpstreamLocalityStatsList().stream())
                .mapToLong(field)
                .sum();
    }

    /** The requests counted under the metrics of {@code cluster} whose names start with {@code prefix}. */
    private long metric(String cluster, String prefix) {
        return stats(cluster).stream()
                .flatMap(stats -> stats.getUpstreamLocalityStatsList().stream())
                .flatMap(locality -> locality.getLoadMetricStatsList().stream())
                .filter(metric -> metric.getMetricName().startsWith(prefix))
                .mapToLong(EndpointLoadMetricStats::getNumRequestsFinishedWithMetric)
                .sum();
    }

    /** "orders" (an endpoint in zone-a) for paths under /orders, "payments" (zone-b) under /payments. */
    private MeshConfig config() {
        Map<String, ClusterConfig> clusters = Map.of("orders", cluster("orders"), "payments", cluster("payments"));
        Map<String, ClusterEndpoints> endpoints = Map.of(
                "orders", new ClusterEndpoints("orders", List.of(endpoint(orders, "zone-a"))),
                "payments", new ClusterEndpoints("payments", List.of(endpoint(payments, "zone-b"))));
        List<Route> routes = List.of(route("/orders", "orders"), route("/payments", "payments"));
        return new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "rc")),
                Map.of("rc", new RouteConfig("rc", List.of(new VirtualHost("all", List.of("*"), routes)))),
                clusters, endpoints, Map.of());
    }

    private static ClusterConfig cluster(String name) {
        return new ClusterConfig(name, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
                UpstreamProtocol.HTTP1, null);
    }

    private static Endpoint endpoint(AppUpstream app, String zone) {
        return new Endpoint("127.0.0.1", app.port(), 1, zone, false, null);
    }

    private static Route route(String prefix, String cluster) {
        return new Route(RouteMatch.prefix(prefix), new RouteAction(List.of(new WeightedCluster(cluster, 1)),
                Duration.ofSeconds(10)));
    }
}
