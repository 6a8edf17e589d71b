package io.banyan.sidecar.xds;

import com.google.rpc.Code;
import io.banyan.api.xds.XdsProtocol;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.xds.XdsType;
import io.banyan.primitives.time.Backoff;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.sidecar.datadir.DataDir;
import io.banyan.sidecar.datadir.Manifest;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The incremental ADS client against java-control-plane's delta server on 127.0.0.1; {@link AdsClientIT}: SotW. */
class DeltaAdsClientIT {

    private final TestAdsServer server = new TestAdsServer();
    @TempDir
    Path temp;
    private final RecordingListener listener = new RecordingListener();
    private ControlPlaneChannels channels;
    private AdsClient client;
    private Node node;

    @BeforeEach
    void startServer() {
        server.start();
        channels = new ControlPlaneChannels("127.0.0.1", server.port());
        SidecarSettings settings = SidecarSettings.builder("web", "127.0.0.1:" + server.port(),
                Path.of("/tmp/banyan-xds-it")).appPort(8080).upstreams(Map.of("orders", 9001)).build();
        node = new NodeFactory(settings.instance()).create(15006, 15001, Map.of("orders", 9001));
        client = client(XdsProtocol.DELTA, listener);
    }

    private AdsClient client(XdsProtocol protocol, RecordingListener to) {
        return AdsClient.builder(channels.channel(), node, to).protocol(protocol)
                .backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(200))).build();
    }

    @AfterEach
    void stopAll() {
        client.close();
        channels.close();
        server.close();
    }

    @Test
    void deltaAndStateOfTheWorldClientsPublishTheSameConfigAfterEachChange() throws Exception {
        RecordingListener sotwListener = new RecordingListener();
        AdsClient sotw = client(XdsProtocol.SOTW, sotwListener);
        try {
            List<Snapshot> changes = List.of(
                    services("1", List.of("orders", "payments"), 8081),
                    services("2", List.of("orders", "payments"), 8082),
                    services("3", List.of("orders", "payments", "fresh"), 8082),
                    services("4", List.of("orders"), 8083));
            server.setSnapshot(changes.get(0));
            client.start();
            sotw.start();
            client.firstConfig().get(10, TimeUnit.SECONDS);
            sotw.firstConfig().get(10, TimeUnit.SECONDS);
            for (Snapshot change : changes) {
                server.setSnapshot(change);
                String version = change.clusters().version();
                // Versions aside: a delta client gets no response for a type none of whose resources changed.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(listener.last().versions()).containsEntry(XdsType.ENDPOINT.typeUrl(), version);
                    assertThat(sotwListener.last().versions()).containsEntry(XdsType.ENDPOINT.typeUrl(), version);
                    assertThat(content(listener.last())).isEqualTo(content(sotwListener.last()));
                });
            }
            assertThat(listener.last().clusters()).containsOnlyKeys("orders");
            assertThat(endpointPorts(listener.last())).containsExactly(8083);
        } finally {
            sotw.close();
        }
    }

    @Test
    void aRefusedListenerIsNackedByNonceNamingItAndTheLastGoodOneIsKept() throws Exception {
        server.setSnapshot(snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "a", 8081)));
        client.start();
        client.firstConfig().get(10, TimeUnit.SECONDS);

        server.setSnapshot(snapshot("2", listenerOn(70000), XdsResources.endpoints("orders", "a", 8081)));

        await().atMost(Duration.ofSeconds(10)).until(() -> nack(XdsType.LISTENER) != null);
        DeltaDiscoveryRequest nack = nack(XdsType.LISTENER);
        assertThat(nack.getResponseNonce()).isNotEmpty();
        assertThat(nack.getErrorDetail().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(nack.getErrorDetail().getMessage())
                .isEqualTo("listener outbound|15001: port_value 70000 (expected: 1..65535)");
        assertThat(client.currentConfig().listeners().get("outbound|15001").port()).isEqualTo(15001);
        assertThat(client.status().lastNacks().get(XdsType.LISTENER.typeUrl()).version()).isEqualTo("2");

        server.setSnapshot(snapshot("3", listenerOn(15002), XdsResources.endpoints("orders", "a", 8081)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listener.last().listeners()
                .get("outbound|15001").port()).isEqualTo(15002));
        assertThat(client.status().ackedVersions()).containsEntry(XdsType.LISTENER.typeUrl(), "3");
    }

    @Test
    void aReconnectTellsTheVersionsItHoldsAndKeepsTheConfigMeanwhile() throws Exception {
        server.setSnapshot(snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "a", 8081)));
        client.start();
        MeshConfig first = client.firstConfig().get(10, TimeUnit.SECONDS);
        Map<String, String> clustersHeld = Map.of("orders", snapshot("1", listenerOn(15001),
                XdsResources.endpoints("orders", "a", 8081)).clusters().versionedResources().get("orders").version());

        server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.status().connected());
        assertThat(client.currentConfig()).isEqualTo(first);
        server.deltaRequests().clear();
        server.setSnapshot(snapshot("5", listenerOn(15001), XdsResources.endpoints("orders", "a", 8083)));
        server.restart();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(endpointPorts(listener.last()))
                .containsExactly(8083));
        DeltaDiscoveryRequest resumed = server.deltaRequests().stream()
                .filter(request -> request.getTypeUrl().equals(XdsType.CLUSTER.typeUrl())).findFirst().orElseThrow();
        assertThat(resumed.getResponseNonce()).isEmpty();
        assertThat(resumed.getNode().getId()).isEqualTo(node.getId());
        assertThat(resumed.getInitialResourceVersionsMap()).isEqualTo(clustersHeld).containsKey("orders");
        assertThat(server.deltaRequests()).filteredOn(request -> request.getTypeUrl()
                .equals(XdsType.ENDPOINT.typeUrl())).first().satisfies(request -> {
                    assertThat(request.getResourceNamesSubscribeList()).containsExactly("orders");
                    assertThat(request.getInitialResourceVersionsMap()).containsOnlyKeys("orders");
                });
    }

    @Test
    void aClientStartedFromItsDataDirServesTheSavedConfigAndResumesWithItsVersions() throws Exception {
        Snapshot snapshot = snapshot("1", listenerOn(15001), XdsResources.endpoints("orders", "a", 8081));
        server.setSnapshot(snapshot);
        Manifest manifest = Manifest.of("web", "mesh.local", "ab".repeat(32));
        MeshConfig first;
        try (DataDir dataDir = DataDir.open(temp, manifest)) {
            AdsClient saving = AdsClient.builder(channels.channel(), node, new RecordingListener())
                    .dataDir(dataDir, Map.of()).build();
            saving.start();
            first = saving.firstConfig().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> dataDir.resources().keySet().containsAll(List.of(
                    XdsType.CLUSTER.typeUrl(), XdsType.ENDPOINT.typeUrl(), XdsType.LISTENER.typeUrl(),
                    XdsType.ROUTE.typeUrl())));
            saving.close();
        }
        server.stop();

        RecordingListener restoredListener = new RecordingListener();
        try (DataDir dataDir = DataDir.open(temp, manifest)) {
            AdsClient restored = AdsClient.builder(channels.channel(), node, restoredListener)
                    .backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(200)))
                    .dataDir(dataDir, dataDir.resources()).build();
            try {
                restored.start();
                assertThat(content(restored.firstConfig().get(10, TimeUnit.SECONDS))).as("served with no control plane")
                        .isEqualTo(content(first));
                assertThat(restored.status().staleConfig()).isTrue();

                server.deltaRequests().clear();
                server.restart();
                await().atMost(Duration.ofSeconds(10)).until(() -> !restored.status().staleConfig());
                DeltaDiscoveryRequest resumed = server.deltaRequests().stream()
                        .filter(request -> request.getTypeUrl().equals(XdsType.CLUSTER.typeUrl())).findFirst()
                        .orElseThrow();
                assertThat(resumed.getInitialResourceVersionsMap()).isEqualTo(Map.of("orders",
                        snapshot.clusters().versionedResources().get("orders").version()));
                assertThat(content(restored.currentConfig())).isEqualTo(content(first));
            } finally {
                restored.close();
            }
        }
    }

    private DeltaDiscoveryRequest nack(XdsType type) {
        return server.deltaRequests().stream()
                .filter(request -> request.getTypeUrl().equals(type.typeUrl()) && request.hasErrorDetail())
                .findFirst().orElse(null);
    }

    /** EDS clusters of {@code services}, each with one endpoint on {@code port}; the shared port routes to orders. */
    private static Snapshot services(String version, List<String> services, int port) {
        return Snapshot.create(services.stream().map(XdsResources::edsCluster).toList(),
                services.stream().map(service -> XdsResources.endpoints(service, "a", port)).toList(),
                List.of(listenerOn(15001)), List.of(XdsResources.routes("outbound", "orders", "orders")), List.of(),
                version);
    }

    private static Listener listenerOn(int port) {
        return XdsResources.listener("outbound|15001", port, "outbound");
    }

    private static Snapshot snapshot(String version, Listener listener, ClusterLoadAssignment endpoints) {
        return Snapshot.create(List.of(XdsResources.edsCluster("orders")), List.of(endpoints), List.of(listener),
                List.of(XdsResources.routes("outbound", "orders", "orders")), List.of(), version);
    }

    private static List<Object> content(MeshConfig config) {
        return List.of(config.listeners(), config.routes(), config.clusters(), config.endpoints());
    }

    private static List<Integer> endpointPorts(MeshConfig config) {
        return config.endpointsOf(config.clusters().get("orders")).endpoints().stream().map(Endpoint::port).toList();
    }
}
