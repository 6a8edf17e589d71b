package io.banyan.controlplane.xds;

import com.google.rpc.Status;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.banyan.controlplane.xds.RawDeltaClient.CDS;
import static io.banyan.controlplane.xds.RawDeltaClient.EDS;
import static io.banyan.controlplane.xds.RawDeltaClient.LDS;
import static io.banyan.controlplane.xds.RawDeltaClient.RDS;
import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Incremental ADS streams over gRPC with TLS on 127.0.0.1 against XdsServer, fed by SnapshotPublisher. */
class DeltaAdsIT {

    private static final String NODE_ID = "sidecar~web~127.0.0.1~delta";
    /** The route tables of {@link io.banyan.controlplane.xds.snapshot.Fixtures#webNode}'s listeners. */
    private static final List<String> ROUTES = List.of("outbound", "upstream|orders", "upstream|ghost", "inbound");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CertificateAuthority ca = TestTls.newCa();
    private final Node node = webNode(NODE_ID);
    private TestXdsServer xds;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        xds = TestXdsServer.start(ca, meters);
        xds.publisher.onChange(registry(1, true));
        channel = TestTls.channel(xds.port(), TestTls.workload(ca, "web"));
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        xds.close();
    }

    @Test
    void oneEndpointChangeSendsOneClusterLoadAssignmentAndTheAcksShowPerType() throws Exception {
        RawDeltaClient client = new RawDeltaClient(channel);
        Map<String, DeltaDiscoveryResponse> first = subscribeAll(client, Map.of());
        assertThat(client.versions(EDS)).hasSizeGreaterThan(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(xds.directory.sidecars()).singleElement().satisfies(sidecar -> {
                    assertThat(sidecar.protocol()).isEqualTo("delta");
                    first.forEach((type, response) -> assertThat(sidecar.type(type).ackedVersion())
                            .as(type).isEqualTo(response.getSystemVersionInfo()));
                }));

        // o1 turns unhealthy: one ClusterLoadAssignment (orders) is sent, no other resource and no other type.
        xds.publisher.onChange(registry(2, false));
        DeltaDiscoveryResponse eds = client.next(EDS);
        assertThat(eds.getResourcesList()).extracting(Resource::getName).containsExactly("orders");
        assertThat(eds.getRemovedResourcesList()).isEmpty();
        assertThat(client.queue(CDS)).isEmpty();
        client.ack(eds);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(xds.directory.sidecars().get(0)
                .type(EDS).ackedVersion()).isEqualTo(eds.getSystemVersionInfo()));
        assertThat(client.queue(LDS)).isEmpty();
        assertThat(client.queue(RDS)).isEmpty();
        assertThat(meters.get(MetricNames.XDS_RESPONSES).tags("type", "endpoint", "result", "ack").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void aDeltaNackIsListedForTheNodeAndKeepsTheVersionItAcked() throws Exception {
        RawDeltaClient client = new RawDeltaClient(channel);
        Map<String, DeltaDiscoveryResponse> first = subscribeAll(client, Map.of());

        xds.publisher.onChange(registry(2, false));
        DeltaDiscoveryResponse eds = client.next(EDS);
        client.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(EDS).setResponseNonce(eds.getNonce())
                .setErrorDetail(Status.newBuilder().setCode(3).setMessage("orders: endpoint rejected")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SidecarStatus sidecar = xds.directory.sidecars().get(0);
            assertThat(sidecar.nodeId()).isEqualTo(NODE_ID);
            SidecarStatus.TypeStatus endpoints = sidecar.type(EDS);
            assertThat(endpoints.lastNack()).isNotNull();
            assertThat(endpoints.lastNack().version()).isEqualTo(eds.getSystemVersionInfo());
            assertThat(endpoints.lastNack().message()).isEqualTo("orders: endpoint rejected");
            assertThat(endpoints.ackedVersion()).isEqualTo(first.get(EDS).getSystemVersionInfo());
        });
        assertThat(meters.get(MetricNames.XDS_RESPONSES).tags("type", "endpoint", "result", "nack").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aReconnectingClientIsSentOnlyWhatChangedSinceTheVersionsItHolds() throws Exception {
        RawDeltaClient before = new RawDeltaClient(channel);
        subscribeAll(before, Map.of());
        Map<String, Map<String, String>> held = Map.of(CDS, before.versions(CDS), EDS, before.versions(EDS),
                LDS, before.versions(LDS), RDS, before.versions(RDS));
        before.cancel();
        await().atMost(Duration.ofSeconds(10)).until(() -> xds.directory.sidecars().isEmpty());

        xds.publisher.onChange(registry(2, false));
        RawDeltaClient after = new RawDeltaClient(channel);
        // Responses go out in request order on the stream: whatever LDS, RDS or CDS sent precedes the EDS response.
        after.subscribe(node, LDS, List.of(), held.get(LDS));
        after.subscribe(node, RDS, ROUTES, held.get(RDS));
        after.subscribe(node, CDS, List.of(), held.get(CDS));
        after.subscribe(node, EDS, List.copyOf(held.get(EDS).keySet()), held.get(EDS));
        DeltaDiscoveryResponse eds = after.next(EDS);

        assertThat(eds.getResourcesList()).extracting(Resource::getName).containsExactly("orders");
        assertThat(eds.getResourcesList().get(0).getVersion()).isNotEqualTo(held.get(EDS).get("orders"));
        assertThat(after.queue(RDS)).isEmpty();
        // The wildcard types get their first response all the same: empty, with the type's version.
        for (String wildcard : List.of(LDS, CDS)) {
            DeltaDiscoveryResponse first = after.next(wildcard);
            assertThat(first.getResourcesList()).as(wildcard).isEmpty();
            assertThat(first.getRemovedResourcesList()).as(wildcard).isEmpty();
            assertThat(first.getSystemVersionInfo()).isEqualTo(publishedVersions(NODE_ID).get(wildcard));
            assertThat(after.queue(wildcard)).isEmpty();
        }
        after.ack(eds);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(xds.directory.sidecars())
                .singleElement().satisfies(sidecar -> assertThat(sidecar.type(EDS).ackedVersion())
                        .isEqualTo(eds.getSystemVersionInfo())));
    }

    @Test
    void deltaAndStateOfTheWorldNodesConvergeToTheSameResourcesAfterEachChange() throws Exception {
        ConvergingClients.Sotw sotw = new ConvergingClients.Sotw(channel, webNode("sidecar~web~127.0.0.1~sotw"), ROUTES);
        ConvergingClients.Delta delta = new ConvergingClients.Delta(channel, node, ROUTES);
        // Each change once both hold the last one (java-control-plane may miss a change racing a watch being opened).
        converged(sotw, delta);
        List<RegistrySnapshot> changes = List.of(registry(2, false), withoutPayments(3), registry(4, true),
                withoutPayments(5));
        for (RegistrySnapshot change : changes) {
            String before = publishedVersions(NODE_ID).get(EDS);
            xds.publisher.onChange(change);
            await().atMost(Duration.ofSeconds(10)).until(() -> !publishedVersions(NODE_ID).get(EDS).equals(before));
            converged(sotw, delta);
        }
        assertThat(delta.held().get(CDS)).doesNotContainKey("payments").containsKey("orders");
        assertThat(delta.held().get(EDS)).doesNotContainKey("payments").containsKey("orders");
        assertThat(xds.directory.sidecars()).extracting(SidecarStatus::protocol).containsExactly("delta", "sotw");
    }

    /** Both nodes ACKed every type of their published snapshot, and hold the same resources. */
    private void converged(ConvergingClients.Holder sotw, ConvergingClients.Holder delta) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, String> published = publishedVersions(NODE_ID);
            assertThat(xds.directory.sidecars()).hasSize(2).allSatisfy(sidecar ->
                    published.forEach((type, version) -> assertThat(sidecar.type(type).ackedVersion())
                            .as("%s %s", sidecar.nodeId(), type).isEqualTo(version)));
            assertThat(delta.held()).isEqualTo(sotw.held());
        });
    }

    /** The per-type versions of the node's published snapshot. */
    private Map<String, String> publishedVersions(String nodeId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> xds.publisher.cache().getSnapshot(nodeId) != null);
        var snapshot = xds.publisher.cache().getSnapshot(nodeId);
        return Map.of(CDS, snapshot.clusters().version(), EDS, snapshot.endpoints().version(),
                LDS, snapshot.listeners().version(), RDS, snapshot.routes().version());
    }

    private static RegistrySnapshot withoutPayments(long revision) {
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(registry(revision, true).services());
        services.remove("payments");
        return new RegistrySnapshot(revision, services);
    }

    @Test
    void aDeltaStreamIsAdmittedAsAStateOfTheWorldOne_aNodeClaimingAnotherServiceIsRefused() throws Exception {
        RawDeltaClient client = new RawDeltaClient(channel);
        Node orders = Node.newBuilder().setId("sidecar~orders~1").setCluster("orders").build();
        client.subscribe(orders, CDS, List.of(), Map.of());

        io.grpc.Status status = client.ended.get(10, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains("spiffe://mesh.local/svc/orders", "spiffe://mesh.local/svc/web");
        assertThat(client.queue(CDS)).isEmpty();
        assertThat(xds.directory.sidecars()).isEmpty();
        assertThat(meters.get(MetricNames.XDS_STREAMS_REFUSED).tags("reason", "permission_denied").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aClientHoldingEveryClusterGetsAnEmptyFirstCdsResponseCarryingTheVersion() throws Exception {
        RawDeltaClient client = new RawDeltaClient(channel);
        client.subscribe(node, CDS, List.of(), Map.of());
        client.ack(client.next(CDS));
        // Nothing to send (java-control-plane would stay silent), yet a client waits for a first CDS response.
        RawDeltaClient again = new RawDeltaClient(channel);
        again.subscribe(node, CDS, List.of(), client.versions(CDS));
        DeltaDiscoveryResponse first = again.next(CDS);

        assertThat(first.getResourcesList()).isEmpty();
        assertThat(first.getSystemVersionInfo()).isEqualTo(publishedVersions(NODE_ID).get(CDS));
    }

    /** CDS and LDS wildcard, EDS for the EDS clusters, RDS for the route tables; each response ACKed. */
    private Map<String, DeltaDiscoveryResponse> subscribeAll(RawDeltaClient client,
                                                             Map<String, String> initialVersions) throws Exception {
        client.subscribe(node, CDS, List.of(), initialVersions);
        DeltaDiscoveryResponse cds = client.next(CDS);
        client.ack(cds);
        client.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(EDS)
                .addAllResourceNamesSubscribe(client.edsClusters()));
        DeltaDiscoveryResponse eds = client.next(EDS);
        client.ack(eds);
        client.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LDS));
        DeltaDiscoveryResponse lds = client.next(LDS);
        client.ack(lds);
        client.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(RDS).addAllResourceNamesSubscribe(ROUTES));
        DeltaDiscoveryResponse rds = client.next(RDS);
        client.ack(rds);
        return Map.of(CDS, cds, EDS, eds, LDS, lds, RDS, rds);
    }
}
