package io.banyan.controlplane.xds;

import com.google.protobuf.Struct;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.Upstream;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.string;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The xDS port's authentication and bounds over real TLS on 127.0.0.1 with certificates from a test CA: no
 * configuration without a workload certificate, a node only of the certificate's service, streams per identity
 * bounded, and node state released when the streams end.
 */
class XdsAuthIT {

    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CertificateAuthority ca = TestTls.newCa();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private TestXdsServer xds;

    private void start(XdsLimits limits) throws Exception {
        xds = TestXdsServer.start(ca, meters, limits);
        xds.publisher.onChange(registry(1, true));
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        xds.close();
    }

    private ManagedChannel channel(String service) {
        ManagedChannel channel = TestTls.channel(xds.port(),
                service == null ? TestTls.trusting(ca) : TestTls.workload(ca, service));
        channels.add(channel);
        return channel;
    }

    private static Node node(String id, String service) {
        return Node.newBuilder().setId(id).setCluster(service)
                .setMetadata(Struct.newBuilder().putFields(NodeMetadata.SERVICE, string(service))).build();
    }

    /** {@link #node} started with {@code --upstream '*'}: it receives every service, new ones too. */
    private static Node nodeOfEveryService(String id, String service) {
        Node node = node(id, service);
        return node.toBuilder().setMetadata(node.getMetadata().toBuilder()
                .putFields(NodeMetadata.UPSTREAMS, string(Upstream.ALL))).build();
    }

    private double refused(StreamRefusal reason) {
        var counter = meters.find(MetricNames.XDS_STREAMS_REFUSED).tag("reason", reason.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertNothingTracked() throws Exception {
        assertThat(xds.admission.trackedNodes()).isZero();
        assertThat(xds.publisher.knownNodes().get(5, TimeUnit.SECONDS)).isZero();
        assertThat(xds.publisher.cachedGroups()).isZero();
        assertThat(xds.directory.sidecars()).isEmpty();
    }

    @Test
    void aClientWithoutACertificateGetsUnauthenticatedAndNoResource() throws Exception {
        start(XdsLimits.DEFAULT);
        ManagedChannel anonymous = channel(null);

        AdsCall sotw = AdsCall.open(anonymous, webNode("sidecar~web~anon"), CDS);
        Status status = sotw.status();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains("client certificate: missing", "spiffe://mesh.local/svc/<service>");
        assertThat(sotw.responses).isEmpty();

        CompletableFuture<Status> delta = new CompletableFuture<>();
        AtomicInteger deltaResponses = new AtomicInteger();
        StreamObserver<DeltaDiscoveryRequest> deltaRequests = AggregatedDiscoveryServiceGrpc.newStub(anonymous)
                .deltaAggregatedResources(new StreamObserver<>() {
                    @Override
                    public void onNext(DeltaDiscoveryResponse response) {
                        deltaResponses.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                        delta.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        delta.complete(Status.OK);
                    }
                });
        deltaRequests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(webNode("sidecar~web~anon2"))
                .setTypeUrl(CDS).build());
        assertThat(delta.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(deltaResponses).hasValue(0);

        assertThat(refused(StreamRefusal.UNAUTHENTICATED)).isEqualTo(2.0);
        assertNothingTracked();
    }

    @Test
    void aNodeClaimingAnotherServiceGetsPermissionDeniedNamingBothIdentities() throws Exception {
        start(XdsLimits.DEFAULT);

        AdsCall call = AdsCall.open(channel("web"), node("sidecar~orders~1", "orders"), CDS);
        Status status = call.status();
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains("spiffe://mesh.local/svc/orders", "spiffe://mesh.local/svc/web");
        assertThat(call.responses).isEmpty();
        assertThat(refused(StreamRefusal.PERMISSION_DENIED)).isEqualTo(1.0);
        assertNothingTracked();
    }

    @Test
    void aStreamCannotSwitchToAnotherNodeAfterItWasAdmitted() throws Exception {
        start(XdsLimits.DEFAULT);
        AdsCall orders = AdsCall.open(channel("orders"), node("sidecar~orders~1", "orders"), CDS);
        orders.next();

        AdsCall web = AdsCall.open(channel("web"), webNode("sidecar~web~1"), CDS);
        web.next();
        web.send(DiscoveryRequest.newBuilder().setNode(node("sidecar~orders~1", "orders"))
                .setTypeUrl(Resources.V3.LISTENER_TYPE_URL).build());

        List<String> listeners = new ArrayList<>();
        for (var any : web.next().getResourcesList()) {
            listeners.add(any.unpack(Listener.class).getName());
        }
        assertThat(listeners).as("web's own listeners, not those of the node it claimed later")
                .contains("outbound|9001", "inbound|15006");
        assertThat(xds.directory.sidecars()).extracting(SidecarStatus::nodeId)
                .containsExactly("sidecar~orders~1", "sidecar~web~1");
    }

    @Test
    void streamsPastThePerIdentityBoundAreRefusedWhileALegitimateSidecarKeepsWorking() throws Exception {
        start(new XdsLimits(2, 100, Duration.ofMinutes(5)));
        AdsCall orders = AdsCall.open(channel("orders"), nodeOfEveryService("sidecar~orders~1", "orders"), CDS);
        DiscoveryResponse first = orders.next();
        orders.send(DiscoveryRequest.newBuilder().setTypeUrl(CDS).setVersionInfo(first.getVersionInfo())
                .setResponseNonce(first.getNonce()).build());

        ManagedChannel web = channel("web");
        List<AdsCall> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(AdsCall.open(web, node("sidecar~web~" + i, "web"), CDS));
        }
        int admitted = 0;
        int exhausted = 0;
        for (AdsCall call : calls) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !call.responses.isEmpty() || call.ended.isDone());
            if (!call.ended.isDone()) {
                admitted++;
            } else {
                Status status = call.status();
                assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(status.getDescription()).contains("spiffe://mesh.local/svc/web", "at most 2");
                assertThat(call.responses).isEmpty();
                exhausted++;
            }
        }
        assertThat(admitted).isEqualTo(2);
        assertThat(exhausted).isEqualTo(4);
        assertThat(refused(StreamRefusal.STREAM_LIMIT)).isEqualTo(4.0);

        // The orders sidecar is unaffected: its stream stays open and receives the next change (a new service).
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(registry(2, true).services());
        services.put("search", List.of());
        xds.publisher.onChange(new RegistrySnapshot(2, services));
        assertThat(orders.next().getResourcesList()).extracting(any -> any.unpack(Cluster.class).getName())
                .contains("search");
        assertThat(orders.ended).isNotDone();
        assertThat(xds.admission.trackedNodes()).isEqualTo(3);
    }

    @Test
    void theStateOfManyDistinctNodesIsReleasedAfterTheirStreamsEnd() throws Exception {
        start(new XdsLimits(64, 1000, Duration.ofMillis(50)));
        ManagedChannel web = channel("web");
        for (int i = 0; i < 40; i++) {
            AdsCall call = AdsCall.open(web, webNode("sidecar~web~" + i), CDS);
            assertThat(call.next().getResourcesCount()).isPositive();
            if (i % 2 == 0) {
                call.complete();
            } else {
                call.cancel();
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(this::assertNothingTracked);
        for (int i = 0; i < 40; i++) {
            assertThat(xds.publisher.snapshot("sidecar~web~" + i)).isEmpty();
        }
        assertThat(meters.get(MetricNames.XDS_TRACKED_NODES).gauge().value()).isZero();
    }
}
