package io.banyan.controlplane.xds;

import com.google.rpc.Status;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.metrics.MetricNames;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real ADS stream over gRPC with TLS on 127.0.0.1 against XdsServer, fed by SnapshotPublisher. */
class XdsServerIT {

    private static final String NODE_ID = "sidecar~web~127.0.0.1~it";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CertificateAuthority ca = TestTls.newCa();
    private TestXdsServer xds;
    private SnapshotPublisher publisher;
    private SidecarDirectory directory;
    private ManagedChannel channel;
    private final Map<String, BlockingQueue<DiscoveryResponse>> responses = new ConcurrentHashMap<>();
    private StreamObserver<DiscoveryRequest> requests;

    @BeforeEach
    void start() throws Exception {
        xds = TestXdsServer.start(ca, meters);
        publisher = xds.publisher;
        directory = xds.directory;
        publisher.onChange(registry(1, true));
        channel = TestTls.channel(xds.port(), TestTls.workload(ca, "web"));
        requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryResponse response) {
                queue(response.getTypeUrl()).add(response);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        xds.close();
    }

    @Test
    void servesTheSidecarsConfigTracksAcksAndPushesRegistryChanges() throws Exception {
        // CDS and LDS wildcard (only the first request carries the node), then EDS/RDS for the referenced names.
        send(DiscoveryRequest.newBuilder().setNode(webNode(NODE_ID)).setTypeUrl(Resources.V3.CLUSTER_TYPE_URL));
        DiscoveryResponse cds = next(Resources.V3.CLUSTER_TYPE_URL);
        List<Cluster> clusters = unpack(cds, Cluster.class);
        assertThat(clusters).extracting(Cluster::getName)
                .containsExactlyInAnyOrder("orders", "payments", "idle", "ghost", "inbound|8080");

        send(request(Resources.V3.ENDPOINT_TYPE_URL, "", "", "orders", "payments", "idle", "ghost"));
        DiscoveryResponse eds = next(Resources.V3.ENDPOINT_TYPE_URL);
        assertThat(endpointIds(eds, "orders")).containsExactlyInAnyOrder("o1", "o2");
        send(request(Resources.V3.CLUSTER_TYPE_URL, cds.getVersionInfo(), cds.getNonce()));

        send(request(Resources.V3.LISTENER_TYPE_URL, "", ""));
        DiscoveryResponse lds = next(Resources.V3.LISTENER_TYPE_URL);
        assertThat(unpack(lds, Listener.class)).extracting(Listener::getName)
                .containsExactlyInAnyOrder("outbound|15001", "outbound|9001", "outbound|9002", "inbound|15006");

        send(request(Resources.V3.ROUTE_TYPE_URL, "", "", "outbound", "upstream|orders", "upstream|ghost", "inbound"));
        DiscoveryResponse rds = next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(unpack(rds, RouteConfiguration.class)).extracting(RouteConfiguration::getName)
                .containsExactlyInAnyOrder("outbound", "upstream|orders", "upstream|ghost", "inbound");

        send(request(Resources.V3.LISTENER_TYPE_URL, lds.getVersionInfo(), lds.getNonce()));
        send(request(Resources.V3.ENDPOINT_TYPE_URL, eds.getVersionInfo(), eds.getNonce(),
                "orders", "payments", "idle", "ghost"));
        send(request(Resources.V3.ROUTE_TYPE_URL, rds.getVersionInfo(), rds.getNonce(),
                "outbound", "upstream|orders", "upstream|ghost", "inbound"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(directory.sidecars()).singleElement().satisfies(sidecar -> {
                assertThat(sidecar.nodeId()).isEqualTo(NODE_ID);
                assertThat(sidecar.service()).isEqualTo("web");
                assertThat(sidecar.peerAddress()).startsWith("127.0.0.1:");
                assertThat(sidecar.type(Resources.V3.CLUSTER_TYPE_URL).ackedVersion()).isEqualTo(cds.getVersionInfo());
                assertThat(sidecar.type(Resources.V3.LISTENER_TYPE_URL).ackedVersion()).isEqualTo(lds.getVersionInfo());
                assertThat(sidecar.type(Resources.V3.ENDPOINT_TYPE_URL).ackedVersion()).isEqualTo(eds.getVersionInfo());
                assertThat(sidecar.type(Resources.V3.ROUTE_TYPE_URL).ackedVersion()).isEqualTo(rds.getVersionInfo());
            });
        });
        assertThat(meters.get(MetricNames.XDS_CONNECTED_SIDECARS).gauge().value()).isEqualTo(1.0);

        // o1 turns unhealthy: a new EDS push without it, nothing else re-sent.
        publisher.onChange(registry(2, false));
        DiscoveryResponse eds2 = next(Resources.V3.ENDPOINT_TYPE_URL);
        assertThat(eds2.getVersionInfo()).isNotEqualTo(eds.getVersionInfo());
        assertThat(endpointIds(eds2, "orders")).containsExactly("o2");
        assertThat(queue(Resources.V3.CLUSTER_TYPE_URL)).isEmpty();
        assertThat(queue(Resources.V3.LISTENER_TYPE_URL)).isEmpty();

        // The sidecar rejects it: the NACK shows in the directory with its message.
        send(request(Resources.V3.ENDPOINT_TYPE_URL, eds.getVersionInfo(), eds2.getNonce(),
                "orders", "payments", "idle", "ghost")
                .setErrorDetail(Status.newBuilder().setCode(3).setMessage("orders: endpoint rejected")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SidecarStatus.TypeStatus endpoints = directory.sidecars().get(0).type(Resources.V3.ENDPOINT_TYPE_URL);
            assertThat(endpoints.lastNack()).isNotNull();
            assertThat(endpoints.lastNack().version()).isEqualTo(eds2.getVersionInfo());
            assertThat(endpoints.lastNack().message()).isEqualTo("orders: endpoint rejected");
            assertThat(endpoints.ackedVersion()).isEqualTo(eds.getVersionInfo());
        });
        assertThat(meters.get(MetricNames.XDS_RESPONSES).tags("type", "endpoint", "result", "nack").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get(MetricNames.XDS_RESPONSES).tags("type", "cluster", "result", "ack").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get(MetricNames.XDS_PUSHES).counter().count()).isEqualTo(2.0);
        assertThat(meters.get(MetricNames.XDS_RESPONSES_SENT).tag("type", "endpoint").counter().count())
                .as("the response NACKed, then the one ACKed").isGreaterThanOrEqualTo(2.0);

        // Closing the stream removes the sidecar.
        requests.onCompleted();
        await().atMost(Duration.ofSeconds(10)).until(() -> directory.sidecars().isEmpty());
        assertThat(meters.get(MetricNames.XDS_CONNECTED_SIDECARS).gauge().value()).isZero();
    }

    private BlockingQueue<DiscoveryResponse> queue(String typeUrl) {
        return responses.computeIfAbsent(typeUrl, type -> new LinkedBlockingQueue<>());
    }

    private DiscoveryResponse next(String typeUrl) throws InterruptedException {
        DiscoveryResponse response = queue(typeUrl).poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a %s response", typeUrl).isNotNull();
        return response;
    }

    private void send(DiscoveryRequest.Builder request) {
        requests.onNext(request.build());
    }

    private static DiscoveryRequest.Builder request(String typeUrl, String version, String nonce, String... names) {
        return DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).setVersionInfo(version).setResponseNonce(nonce)
                .addAllResourceNames(List.of(names));
    }

    private static <T extends com.google.protobuf.Message> List<T> unpack(DiscoveryResponse response, Class<T> type)
            throws Exception {
        List<T> resources = new ArrayList<>();
        for (var any : response.getResourcesList()) {
            resources.add(any.unpack(type));
        }
        return resources;
    }

    private static List<String> endpointIds(DiscoveryResponse response, String cluster) throws Exception {
        ClusterLoadAssignment assignment = unpack(response, ClusterLoadAssignment.class).stream()
                .filter(cla -> cla.getClusterName().equals(cluster)).findFirst().orElseThrow();
        List<String> ids = new ArrayList<>();
        assignment.getEndpointsList().forEach(locality -> {
            for (LbEndpoint endpoint : locality.getLbEndpointsList()) {
                ids.add(endpoint.getMetadata().getFilterMetadataOrThrow("banyan").getFieldsOrThrow("instance_id")
                        .getStringValue());
            }
        });
        return ids;
    }
}
