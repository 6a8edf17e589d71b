package io.banyan.sidecar.xds;

import com.google.rpc.Code;
import io.banyan.api.xds.XdsProtocol;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MeshConfigListener;
import io.banyan.dataplane.xds.XdsType;
import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Jitter;
import io.banyan.sidecar.datadir.DataDir;
import io.banyan.sidecar.datadir.Manifest;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The state-of-the-world client; {@link DeltaAdsClientIT} the incremental one. */
class AdsClientIT {

    private final TestAdsServer server = new TestAdsServer();
    @TempDir
    Path temp;
    private final RecordingListener listener = new RecordingListener();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ControlPlaneChannels channels;
    private AdsClient client;
    private io.envoyproxy.envoy.config.core.v3.Node node;

    @BeforeEach
    void startServer() {
        server.start();
        channels = new ControlPlaneChannels("127.0.0.1", server.port());
        var settings = io.banyan.sidecar.SidecarSettings.builder("web", "127.0.0.1:" + server.port(),
                Path.of("/tmp/banyan-xds-it")).appPort(8080).upstreams(Map.of("orders", 9001))
                .zone("zone-a").version("v1").build();
        node = new NodeFactory(settings.instance()).create(15006, 15001, Map.of("orders", 9001));
        client = clientBuilder().build();
    }

    private AdsClient.Builder clientBuilder() {
        return AdsClient.builder(channels.channel(), node, listener)
                .protocol(XdsProtocol.SOTW)
                .meterRegistry(meters)
                .backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500)).withJitter(Jitter.of(0.2))
                        .withRandom(new SplittableRandom(7)));
    }

    @AfterEach
    void stopAll() {
        client.close();
        channels.close();
        server.close();
    }

    @Test
    void deliversTheFirstConfigAndThenEndpointChanges() throws Exception {
        server.setSnapshot(snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "zone-a", 8081)));
        client.start();

        MeshConfig first = client.firstConfig().get(10, TimeUnit.SECONDS);

        assertThat(first.listeners()).containsOnlyKeys("outbound|15001");
        assertThat(first.listeners().get("outbound|15001").routeConfigName()).isEqualTo("outbound");
        assertThat(first.routes().get("outbound").virtualHosts().get(0).domains()).containsExactly("orders");
        assertThat(first.clusters().get("orders").discovery()).isEqualTo(ClusterConfig.Discovery.EDS);
        assertThat(first.endpointsOf(first.clusters().get("orders")).endpoints())
                .extracting(Endpoint::port).containsExactly(8081);
        assertThat(first.versions()).containsEntry(XdsType.ENDPOINT.typeUrl(), "1").hasSize(4);
        assertThat(client.status().connected()).isTrue();
        assertThat(client.status().lastUpdateTime()).isPresent();

        server.setSnapshot(snapshot("2", listenerOn(15001), XdsResources.endpoints("orders", "zone-a", 8081, 8082)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(endpointPorts(listener.last()))
                .containsExactly(8081, 8082));
        assertThat(listener.last().versions()).containsEntry(XdsType.ENDPOINT.typeUrl(), "2");
        assertThat(listener.threads()).containsOnly("banyan-xds-publish");
        assertThat(acks(XdsType.ENDPOINT, "2")).isNotEmpty();
        assertThat(meters.get(MetricNames.XDS_UPDATES).tags("type", "endpoint", "result", "ack").counter().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get(MetricNames.XDS_CONNECTED).gauge().value()).isEqualTo(1);
        assertThat(meters.get(MetricNames.XDS_CONFIG_AGE).gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void nacksABadListenerAndKeepsTheLastGoodConfig() throws Exception {
        server.setSnapshot(snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "zone-a", 8081)));
        client.start();
        client.firstConfig().get(10, TimeUnit.SECONDS);

        server.setSnapshot(snapshot("2", listenerOn(70000), XdsResources.endpoints("orders", "zone-a", 8081)));

        await().atMost(Duration.ofSeconds(10)).until(() -> nack(XdsType.LISTENER) != null);
        DiscoveryRequest nack = nack(XdsType.LISTENER);
        assertThat(nack.getErrorDetail().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(nack.getErrorDetail().getMessage())
                .isEqualTo("listener outbound|15001: port_value 70000 (expected: 1..65535)");
        assertThat(nack.getVersionInfo()).isEqualTo("1");
        assertThat(client.currentConfig().listeners().get("outbound|15001").port()).isEqualTo(15001);
        assertThat(client.currentConfig().versions()).containsEntry(XdsType.LISTENER.typeUrl(), "1");
        XdsStatus.Nack recorded = client.status().lastNacks().get(XdsType.LISTENER.typeUrl());
        assertThat(recorded.version()).isEqualTo("2");
        assertThat(recorded.message()).contains("port_value 70000");
        assertThat(meters.get(MetricNames.XDS_UPDATES).tags("type", "listener", "result", "nack").counter().count())
                .isGreaterThanOrEqualTo(1);
        double listenerPushes = meters.get(MetricNames.XDS_RESPONSES_RECEIVED).tag("type", "listener").counter().count();
        assertThat(listenerPushes).as("every push received counts, the NACKed ones too").isGreaterThanOrEqualTo(2)
                .isGreaterThanOrEqualTo(meters.get(MetricNames.XDS_UPDATES).tags("type", "listener").counters().stream()
                        .mapToDouble(counter -> counter.count()).sum());
        assertThat(nacks(XdsType.LISTENER)).as("repeated NACKs are paced, not a busy loop").isLessThan(20);

        server.setSnapshot(snapshot("3", listenerOn(15002), XdsResources.endpoints("orders", "zone-a", 8081)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listener.last().listeners()
                .get("outbound|15001").port()).isEqualTo(15002));
        assertThat(client.status().ackedVersions()).containsEntry(XdsType.LISTENER.typeUrl(), "3");
    }

    @Test
    void reconnectsAfterTheControlPlaneRestartsAndKeepsTheConfigMeanwhile() throws Exception {
        server.setSnapshot(snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "zone-a", 8081)));
        client.start();
        MeshConfig first = client.firstConfig().get(10, TimeUnit.SECONDS);

        server.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.status().connected());
        assertThat(meters.get(MetricNames.XDS_CONNECTED).gauge().value()).isZero();
        assertThat(client.currentConfig()).isEqualTo(first);
        assertThat(listener.last()).isEqualTo(first);

        server.setSnapshot(snapshot("5", listenerOn(15001), XdsResources.endpoints("orders", "zone-a", 8083)));
        server.restart();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(endpointPorts(listener.last()))
                .containsExactly(8083));
        assertThat(client.status().connected()).isTrue();
        assertThat(client.status().ackedVersions()).containsEntry(XdsType.CLUSTER.typeUrl(), "5");
        assertThat(server.requests()).anySatisfy(request -> {
            assertThat(request.getTypeUrl()).isEqualTo(XdsType.CLUSTER.typeUrl());
            assertThat(request.getResponseNonce()).isEmpty();
            assertThat(request.getVersionInfo()).isEqualTo("1");
        });
    }

    /** A backoff of a minute would outlast the wait below: only {@code retryNow} re-opens the stream in time. */
    @Test
    void retryNowReopensTheStreamAtOnceInsteadOfWaitingOutTheBackoff() throws Exception {
        client.close();
        client = clientBuilder()
                .backoff(Backoff.exponential(Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .build();
        server.setSnapshot(snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "zone-a", 8081)));
        client.start();
        client.firstConfig().get(10, TimeUnit.SECONDS);
        server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.status().connected());

        server.setSnapshot(snapshot("2", listenerOn(15001), XdsResources.endpoints("orders", "zone-a", 8083)));
        server.restart();
        client.retryNow();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(endpointPorts(listener.last()))
                .containsExactly(8083));
    }

    @Test
    void appliesTheValidResourcesOfAResponseAndNacksNamingTheRefusedOneWhichKeepsItsLastVersion() throws Exception {
        server.setSnapshot(twoServices("1", XdsResources.edsCluster("payments"),
                XdsResources.routes("upstream|payments", "*", "payments"), 15001));
        client.start();
        MeshConfig first = client.firstConfig().get(10, TimeUnit.SECONDS);
        assertThat(first.clusters()).containsOnlyKeys("orders", "payments");

        // payments' cluster and route table are refused; orders' listener moves and a new cluster arrives.
        Cluster badCluster = XdsResources.edsCluster("payments").toBuilder()
                .setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED).build();
        RouteConfiguration.Builder badRoutes = XdsResources.routes("upstream|payments", "*", "payments").toBuilder();
        badRoutes.getVirtualHostsBuilder(0).getRoutesBuilder(0).getRouteBuilder()
                .setRetryPolicy(RetryPolicy.newBuilder().setRetryOn("retriable-headers"));
        server.setSnapshot(twoServices("2", badCluster, badRoutes.build(), 15002));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            MeshConfig last = listener.last();
            assertThat(last.listeners().get("outbound|15001").port()).isEqualTo(15002);
            assertThat(last.clusters()).containsOnlyKeys("orders", "payments", "fresh");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> nack(XdsType.CLUSTER) != null && nack(XdsType.ROUTE) != null);
        MeshConfig last = listener.last();
        assertThat(last.clusters().get("payments")).isEqualTo(first.clusters().get("payments"));
        assertThat(last.routes().get("upstream|payments")).isEqualTo(first.routes().get("upstream|payments"));
        assertThat(nack(XdsType.CLUSTER).getErrorDetail().getMessage()).startsWith("cluster payments: lb_policy");
        assertThat(nack(XdsType.CLUSTER).getVersionInfo()).as("the last fully accepted version").isEqualTo("1");
        assertThat(nack(XdsType.ROUTE).getErrorDetail().getMessage()).contains("upstream|payments")
                .contains("retriable-headers");
        assertThat(last.versions()).containsEntry(XdsType.CLUSTER.typeUrl(), "1")
                .containsEntry(XdsType.LISTENER.typeUrl(), "2");
        assertThat(client.status().stale()).containsOnlyKeys(XdsType.CLUSTER.typeUrl(), XdsType.ROUTE.typeUrl());
        assertThat(client.status().stale().get(XdsType.CLUSTER.typeUrl())).containsOnlyKeys("payments");
        assertThat(client.status().stale().get(XdsType.ROUTE.typeUrl())).containsOnlyKeys("upstream|payments");
        assertThat(client.status().refused()).as("each had an accepted version").isEmpty();

        server.setSnapshot(twoServices("3", XdsResources.edsCluster("payments"),
                XdsResources.routes("upstream|payments", "*", "payments"), 15002));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(client.status().stale()).isEmpty();
            assertThat(client.status().ackedVersions()).containsEntry(XdsType.CLUSTER.typeUrl(), "3")
                    .containsEntry(XdsType.ROUTE.typeUrl(), "3");
        });
    }

    /** orders on the shared port, payments on an explicit upstream port, and (from version 2) a fresh cluster. */
    private static Snapshot twoServices(String version, Cluster payments, RouteConfiguration paymentsRoutes,
                                        int sharedPort) {
        List<Cluster> clusters = version.equals("1") ? List.of(XdsResources.edsCluster("orders"), payments)
                : List.of(XdsResources.edsCluster("orders"), payments, XdsResources.edsCluster("fresh"));
        List<ClusterLoadAssignment> endpoints = version.equals("1")
                ? List.of(XdsResources.endpoints("orders", "a", 8081), XdsResources.endpoints("payments", "a", 8091))
                : List.of(XdsResources.endpoints("orders", "a", 8081), XdsResources.endpoints("payments", "a", 8091),
                        XdsResources.endpoints("fresh", "a", 8101));
        return Snapshot.create(clusters, endpoints,
                List.of(listenerOn(sharedPort), XdsResources.listener("outbound|9001", 9001, "upstream|payments")),
                List.of(XdsResources.routes("outbound", "orders", "orders"), paymentsRoutes), List.of(), version);
    }

    @Test
    void removedClustersDropTheirEndpointsAndTheEdsSubscriptionShrinks() throws Exception {
        server.setSnapshot(Snapshot.create(
                List.of(XdsResources.edsCluster("orders"), XdsResources.edsCluster("payments")),
                List.of(XdsResources.endpoints("orders", "a", 8081), XdsResources.endpoints("payments", "a", 8091)),
                List.of(listenerOn(15001)), List.of(XdsResources.routes("outbound", "orders", "orders")), List.of(), "1"));
        client.start();
        MeshConfig first = client.firstConfig().get(10, TimeUnit.SECONDS);
        assertThat(first.endpoints()).containsOnlyKeys("orders", "payments");

        server.setSnapshot(snapshot("2", listenerOn(15001), XdsResources.endpoints("orders", "a", 8082)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            MeshConfig last = listener.last();
            assertThat(last.clusters()).containsOnlyKeys("orders");
            assertThat(last.endpoints()).containsOnlyKeys("orders");
            assertThat(endpointPorts(last)).containsExactly(8082);
        });
        assertThat(server.requests()).anySatisfy(request -> {
            assertThat(request.getTypeUrl()).isEqualTo(XdsType.ENDPOINT.typeUrl());
            assertThat(request.getResourceNamesList()).containsExactly("orders");
        });
    }

    @Test
    void anUpdateIsPublishedOnlyOnceTheClustersItsRoutesNameAndTheirEndpointsHaveArrived() throws Exception {
        server.setSnapshot(snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "a", 8081)));
        client.start();
        client.firstConfig().get(10, TimeUnit.SECONDS);

        // a new cluster and the route to it: CDS, then EDS for it (subscribed once CDS named it), RDS in any order
        server.setSnapshot(Snapshot.create(
                List.of(XdsResources.edsCluster("orders"), XdsResources.edsCluster("orders-next")),
                List.of(XdsResources.endpoints("orders", "a", 8081), XdsResources.endpoints("orders-next", "a", 8091)),
                List.of(listenerOn(15001)), List.of(XdsResources.routes("outbound", "orders", "orders-next")),
                List.of(), "2"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(routedCluster(listener.last()))
                .isEqualTo("orders-next"));
        // and back: the route to the old cluster, the new one removed
        server.setSnapshot(snapshot("3", listenerOn(15001), XdsResources.endpoints("orders", "a", 8081)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(routedCluster(listener.last())).isEqualTo("orders");
            assertThat(listener.last().clusters()).containsOnlyKeys("orders");
        });

        assertThat(listener.configs()).as("no config routes to a cluster it lacks or whose endpoints it lacks")
                .allSatisfy(config -> {
                    String routed = routedCluster(config);
                    assertThat(config.clusters()).containsKey(routed);
                    assertThat(config.endpoints()).containsKey(routed);
                });
    }

    @Test
    void anUpdateWhoseReferencesNeverArriveIsAppliedAfterTheTimeout() throws Exception {
        client.close();
        client = clientBuilder().initialFetchTimeout(Duration.ofMillis(300)).build();
        server.setSnapshot(snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "a", 8081)));
        client.start();
        client.firstConfig().get(10, TimeUnit.SECONDS);

        server.setSnapshot(Snapshot.create(List.of(XdsResources.edsCluster("orders")),
                List.of(XdsResources.endpoints("orders", "a", 8081)), List.of(listenerOn(15001)),
                List.of(XdsResources.routes("outbound", "orders", "nowhere")), List.of(), "2"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(routedCluster(listener.last()))
                .isEqualTo("nowhere"));
    }

    @Test
    void startsWithWhatArrivedWhenTheInitialFetchTimesOut() throws Exception {
        client.close();
        client = clientBuilder().initialFetchTimeout(Duration.ofMillis(300)).build();
        server.setSnapshot(Snapshot.create(
                List.of(XdsResources.edsCluster("orders"), XdsResources.edsCluster("payments")),
                List.of(XdsResources.endpoints("orders", "a", 8081)),
                List.of(listenerOn(15001)), List.of(XdsResources.routes("outbound", "orders", "orders")), List.of(), "1"));
        client.start();

        MeshConfig first = client.firstConfig().get(10, TimeUnit.SECONDS);

        assertThat(first.clusters()).containsOnlyKeys("orders", "payments");
        assertThat(first.endpoints()).isEmpty();
        assertThat(first.routes()).containsOnlyKeys("outbound");

        assertThat(client.status().ackedVersions()).doesNotContainKey(XdsType.ENDPOINT.typeUrl());

        // Later updates flow as usual. (java-control-plane's SimpleCache drops an ADS EDS watch naming a
        // resource its snapshot lacks, so the missing endpoints only come with a new stream.)
        server.setSnapshot(Snapshot.create(
                List.of(XdsResources.edsCluster("orders"), XdsResources.edsCluster("payments")),
                List.of(XdsResources.endpoints("orders", "a", 8081)),
                List.of(listenerOn(15002)), List.of(XdsResources.routes("outbound", "orders", "orders")), List.of(), "2"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(listener.last().listeners().get("outbound|15001").port()).isEqualTo(15002));
    }

    private static Listener listenerOn(int port) {
        return XdsResources.listener("outbound|15001", port, "outbound");
    }

    @Test
    void aClientStartedFromItsDataDirServesTheSavedConfigAndResumesWithItsVersions() throws Exception {
        server.setSnapshot(snapshot("7", listenerOn(15001), XdsResources.endpoints("orders", "zone-a", 8081)));
        Manifest manifest = Manifest.of("web", "mesh.local", "ab".repeat(32));
        MeshConfig first;
        try (DataDir dataDir = DataDir.open(temp, manifest)) {
            AdsClient saving = clientBuilder().meterRegistry(new SimpleMeterRegistry()).dataDir(dataDir, Map.of())
                    .build();
            saving.start();
            first = saving.firstConfig().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> dataDir.resources().size() == 4);
            saving.close();
        }
        server.stop();

        try (DataDir dataDir = DataDir.open(temp, manifest)) {
            AdsClient restored = AdsClient.builder(channels.channel(), node, new RecordingListener())
                    .protocol(XdsProtocol.SOTW).meterRegistry(new SimpleMeterRegistry())
                    .backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(200)))
                    .dataDir(dataDir, dataDir.resources()).build();
            try {
                restored.start();
                assertThat(restored.firstConfig().get(10, TimeUnit.SECONDS)).as("served with no control plane")
                        .isEqualTo(first);
                assertThat(restored.status().staleConfig()).isTrue();

                server.requests().clear();
                server.restart();
                await().atMost(Duration.ofSeconds(10)).until(() -> !restored.status().staleConfig());
                assertThat(server.requests()).filteredOn(request -> request.getResponseNonce().isEmpty()
                                && !request.getTypeUrl().equals(XdsType.SECRET.typeUrl()))
                        .extracting(DiscoveryRequest::getVersionInfo).as("each type resumed at the saved version")
                        .isNotEmpty().containsOnly("7");
            } finally {
                restored.close();
            }
        }
    }

    private static Snapshot snapshot(String version, Listener listener, ClusterLoadAssignment endpoints) {
        Cluster cluster = XdsResources.edsCluster("orders");
        return Snapshot.create(List.of(cluster), List.of(endpoints), List.of(listener),
                List.of(XdsResources.routes("outbound", "orders", "orders")), List.of(), version);
    }

    private static String routedCluster(MeshConfig config) {
        return config.routes().get("outbound").virtualHosts().get(0).routes().get(0).action().clusters().get(0)
                .cluster();
    }

    private static List<Integer> endpointPorts(MeshConfig config) {
        return config.endpointsOf(config.clusters().get("orders")).endpoints().stream().map(Endpoint::port).toList();
    }

    private List<DiscoveryRequest> acks(XdsType type, String version) {
        return server.requests().stream()
                .filter(r -> r.getTypeUrl().equals(type.typeUrl()) && r.getVersionInfo().equals(version)
                        && !r.hasErrorDetail())
                .toList();
    }

    private long nacks(XdsType type) {
        return server.requests().stream()
                .filter(r -> r.getTypeUrl().equals(type.typeUrl()) && r.hasErrorDetail())
                .count();
    }

    private DiscoveryRequest nack(XdsType type) {
        return server.requests().stream()
                .filter(r -> r.getTypeUrl().equals(type.typeUrl()) && r.hasErrorDetail())
                .findFirst().orElse(null);
    }
}
