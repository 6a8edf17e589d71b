package io.banyan.controlplane.xds;

import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.admin.AdminResources;
import io.banyan.controlplane.admin.AdminServer;
import io.banyan.controlplane.admin.DryRuns;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
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

/** A policy PUT on the admin API reaches a connected sidecar as new CDS and RDS pushes over a real ADS stream. */
class PolicyPushIT {

    private static final String NODE_ID = "sidecar~web~127.0.0.1~policy";
    private static final String TOKEN = "push-token";
    private static final String[] ROUTES = {"outbound", "upstream|orders", "upstream|ghost", "inbound"};

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CertificateAuthority ca = TestTls.newCa();
    private final Map<String, BlockingQueue<DiscoveryResponse>> responses = new ConcurrentHashMap<>();
    private Store store;
    private Registry registry;
    private SnapshotPublisher publisher;
    private TestXdsServer xds;
    private AdminServer admin;
    private ManagedChannel channel;
    private StreamObserver<DiscoveryRequest> requests;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        registry = new Registry(store, Clock.systemUTC(), meters);
        PolicyBook policies = new PolicyBook(store, Clock.systemUTC());
        xds = TestXdsServer.start(ca, meters);
        publisher = xds.publisher;
        publisher.onChange(registry(1, true));
        policies.addListener(publisher);
        admin = new AdminServer("127.0.0.1", 0, TOKEN, meters,
                List.of(AdminResources.policies(registry, policies, Checks.policy(), new DryRuns(publisher)))).start();
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
        admin.close();
        xds.close();
        registry.close();
        store.close();
    }

    @Test
    void policyPutPushesUpdatedClustersAndRoutesOnly() throws Exception {
        send(DiscoveryRequest.newBuilder().setNode(webNode(NODE_ID)).setTypeUrl(Resources.V3.CLUSTER_TYPE_URL));
        DiscoveryResponse cds = next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(cluster(cds, "orders").getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
        send(request(Resources.V3.CLUSTER_TYPE_URL, cds.getVersionInfo(), cds.getNonce()));
        send(request(Resources.V3.LISTENER_TYPE_URL, "", ""));
        DiscoveryResponse lds = next(Resources.V3.LISTENER_TYPE_URL);
        send(request(Resources.V3.LISTENER_TYPE_URL, lds.getVersionInfo(), lds.getNonce()));
        send(request(Resources.V3.ROUTE_TYPE_URL, "", "", ROUTES));
        DiscoveryResponse rds = next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(ordersRoute(rds).getRetryPolicy().getNumRetries().getValue()).isEqualTo(2);
        send(request(Resources.V3.ROUTE_TYPE_URL, rds.getVersionInfo(), rds.getNonce(), ROUTES));

        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.port() + "/v1/services/orders/policy"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"loadBalancing":{"policy":"maglev","hash":{"header":"x-user"}},
                         "retries":{"retryOn":"5xx,reset","numRetries":5},
                         "outlierDetection":{"consecutive5xx":4}}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        DiscoveryResponse cds2 = next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(cds2.getVersionInfo()).isNotEqualTo(cds.getVersionInfo());
        Cluster orders = cluster(cds2, "orders");
        assertThat(orders.getLbPolicy()).isEqualTo(Cluster.LbPolicy.MAGLEV);
        assertThat(orders.getOutlierDetection().getConsecutive5Xx().getValue()).isEqualTo(4);
        assertThat(cluster(cds2, "payments")).isEqualTo(cluster(cds, "payments"));

        DiscoveryResponse rds2 = next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(rds2.getVersionInfo()).isNotEqualTo(rds.getVersionInfo());
        RouteAction route = ordersRoute(rds2);
        assertThat(route.getRetryPolicy().getRetryOn()).isEqualTo("5xx,reset");
        assertThat(route.getRetryPolicy().getNumRetries().getValue()).isEqualTo(5);
        assertThat(route.getHashPolicy(0).getHeader().getHeaderName()).isEqualTo("x-user");
        assertThat(queue(Resources.V3.LISTENER_TYPE_URL)).isEmpty();
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

    private static Cluster cluster(DiscoveryResponse response, String name) throws Exception {
        for (var any : response.getResourcesList()) {
            Cluster cluster = any.unpack(Cluster.class);
            if (cluster.getName().equals(name)) {
                return cluster;
            }
        }
        throw new AssertionError("no cluster " + name);
    }

    private static RouteAction ordersRoute(DiscoveryResponse response) throws Exception {
        List<RouteConfiguration> configs = new ArrayList<>();
        for (var any : response.getResourcesList()) {
            configs.add(any.unpack(RouteConfiguration.class));
        }
        return configs.stream().filter(config -> config.getName().equals("outbound"))
                .flatMap(config -> config.getVirtualHostsList().stream())
                .filter(host -> host.getName().equals("orders"))
                .findFirst().orElseThrow().getRoutes(0).getRoute();
    }
}
