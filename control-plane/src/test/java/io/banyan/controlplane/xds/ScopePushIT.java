package io.banyan.controlplane.xds;

import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Protocol;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.xds.snapshot.SidecarNodeParser;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.banyan.controlplane.xds.snapshot.Fixtures.instance;
import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.scopedWebNode;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scoped configs over real ADS streams (mutual TLS): a sidecar gets only what it declared (a route to a new service
 * extending its scope: {@link RoutePushIT}); a node a change does not affect is neither built nor pushed; a burst of
 * changes ends with every node on the final state.
 */
class ScopePushIT {

    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    private static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CertificateAuthority ca = TestTls.newCa();
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
    void aSidecarGetsOnlyItsDeclaredUpstreams() throws Exception {
        AdsCall ads = AdsCall.open(channel, scopedWebNode("sidecar~web~127.0.0.1~scoped"), CDS);
        DiscoveryResponse cds = ads.next(CDS);
        ads.ack(cds);
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(RDS).addResourceNames("outbound").build());
        DiscoveryResponse rds = ads.next(RDS);
        ads.ack(rds, "outbound");

        assertThat(AdsCall.clusterNames(cds)).containsExactlyInAnyOrder("orders", "ghost", "inbound|8080")
                .as("registered but not declared").doesNotContain("payments", "idle");
        assertThat(outboundHosts(rds)).containsExactly("ghost", "orders");
    }

    @Test
    void aNodeThatDoesNotReferenceAChangedServiceIsNeitherBuiltNorPushed() throws Exception {
        String scopedId = "sidecar~web~127.0.0.1~scoped";
        String everyId = "sidecar~web~127.0.0.1~every";
        AdsCall scoped = AdsCall.open(channel, scopedWebNode(scopedId), EDS);
        AdsCall every = AdsCall.open(channel, webNode(everyId), EDS);
        scoped.ack(scoped.next(EDS));
        every.ack(every.next(EDS));
        Map<String, String> scopedVersions = xds.publisher.publishedVersions(scopedId);
        double builds = builds();

        RegistrySnapshot before = registry(1, true);
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(before.services());
        services.put("payments", List.of(instance("p2", "payments", "10.0.1.2", 9090, "a", 1, Protocol.GRPC, true)));
        xds.publisher.onChange(new RegistrySnapshot(2, services));

        assertThat(endpointHosts(every.next(EDS), "payments")).containsExactly("10.0.1.2");
        assertThat(xds.publisher.publishedVersions(scopedId)).isEqualTo(scopedVersions);
        assertThat(builds() - builds).as("only the node of every service was built").isEqualTo(1);

        TreeMap<String, List<InstanceHealth>> ordersChanged = new TreeMap<>(services);
        ordersChanged.put("orders", List.of(instance("o9", "orders", "10.0.0.9", 8080, "a", 1, Protocol.HTTP, true)));
        xds.publisher.onChange(new RegistrySnapshot(3, ordersChanged));

        assertThat(endpointHosts(scoped.next(EDS), "orders")).as("the scoped node's next response is this change's")
                .containsExactly("10.0.0.9");
    }

    @Test
    void aBurstOfAThousandChangesEndsWithEveryNodeOnTheFinalState() throws Exception {
        List<String> ids = List.of("sidecar~web~127.0.0.1~a", "sidecar~web~127.0.0.1~b", "sidecar~web~127.0.0.1~c");
        List<AdsCall> calls = new ArrayList<>();
        for (String id : ids) {
            AdsCall call = AdsCall.open(channel, id.endsWith("c") ? webNode(id) : scopedWebNode(id), EDS);
            call.ack(call.next(EDS));
            calls.add(call);
        }
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(registry(1, true).services());
        for (int change = 0; change < 1_000; change++) {
            String service = change % 2 == 0 ? "orders" : "payments";
            List<InstanceHealth> instances = new ArrayList<>(services.get(service));
            switch (change % 3) {
                case 0 -> instances.add(instance("i" + change, service, "10.1." + (change / 250) + "." + change % 250,
                        8080, "a", 1, Protocol.HTTP, true));
                case 1 -> instances.remove(0);
                default -> instances.set(0, new InstanceHealth(instances.get(0).instance(),
                        !instances.get(0).healthy(), instances.get(0).lastHeartbeat()));
            }
            services.put(service, List.copyOf(instances));
            xds.publisher.onChange(new RegistrySnapshot(2 + change, new TreeMap<>(services)));
        }
        SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
        RegistrySnapshot last = new RegistrySnapshot(1_001, services);

        for (int i = 0; i < ids.size(); i++) {
            String expected = builder.build(new SidecarNodeParser().parse(
                    i == 2 ? webNode(ids.get(i)) : scopedWebNode(ids.get(i))), last).endpoints().version();
            DiscoveryResponse latest = latest(calls.get(i), expected);
            assertThat(latest.getVersionInfo()).isEqualTo(expected);
            assertThat(endpointHosts(latest, "orders")).containsExactlyInAnyOrderElementsOf(
                    services.get("orders").stream().filter(InstanceHealth::healthy)
                            .map(health -> health.instance().host()).toList());
        }
    }

    /** ACKs each EDS response until the one of {@code version} (each arrives within AdsCall's wait, or it fails). */
    private static DiscoveryResponse latest(AdsCall call, String version) throws InterruptedException {
        DiscoveryResponse response = call.next(EDS);
        call.ack(response);
        while (!response.getVersionInfo().equals(version)) {
            response = call.next(EDS);
            call.ack(response);
        }
        return response;
    }

    private double builds() {
        return meters.get(MetricNames.XDS_NODE_BUILDS).counter().count();
    }

    private static List<String> outboundHosts(DiscoveryResponse response) throws Exception {
        for (var any : response.getResourcesList()) {
            RouteConfiguration config = any.unpack(RouteConfiguration.class);
            if (config.getName().equals("outbound")) {
                return config.getVirtualHostsList().stream().map(VirtualHost::getName).toList();
            }
        }
        throw new AssertionError("no outbound route table");
    }

    private static List<String> endpointHosts(DiscoveryResponse response, String cluster) throws Exception {
        for (var any : response.getResourcesList()) {
            ClusterLoadAssignment assignment = any.unpack(ClusterLoadAssignment.class);
            if (assignment.getClusterName().equals(cluster)) {
                return assignment.getEndpointsList().stream().map(LocalityLbEndpoints::getLbEndpointsList)
                        .flatMap(List::stream).map(LbEndpoint::getEndpoint)
                        .map(endpoint -> endpoint.getAddress().getSocketAddress().getAddress()).toList();
            }
        }
        throw new AssertionError("no assignment of " + cluster);
    }
}
