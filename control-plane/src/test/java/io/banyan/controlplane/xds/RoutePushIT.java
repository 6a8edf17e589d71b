package io.banyan.controlplane.xds;

import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.admin.AdminResources;
import io.banyan.controlplane.admin.AdminServer;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.store.Store;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
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

/**
 * Operator routes PUT on the admin API reach a connected sidecar over a real ADS stream: its RDS holds them before
 * the catch-all, CDS gains the clusters they name; after DELETE only the catch-all is left.
 */
class RoutePushIT {

    private static final String NODE_ID = "sidecar~web~127.0.0.1~routes";
    private static final String TOKEN = "route-push-token";
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
        RouteBook routes = new RouteBook(store, Clock.systemUTC());
        xds = TestXdsServer.start(ca, meters);
        publisher = xds.publisher;
        publisher.onChange(registry(1, true));
        policies.addListener(publisher);
        routes.addListener(publisher);
        admin = new AdminServer("127.0.0.1", 0, TOKEN, meters,
                AdminResources.routes(registry, routes, policies)).start();
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
    void putRoutesPushesThemAndDeletePushesTheCatchAllAlone() throws Exception {
        send(DiscoveryRequest.newBuilder().setNode(webNode(NODE_ID)).setTypeUrl(Resources.V3.CLUSTER_TYPE_URL));
        DiscoveryResponse cds = next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(clusterNames(cds)).doesNotContain("orders-v2");
        send(request(Resources.V3.CLUSTER_TYPE_URL, cds.getVersionInfo(), cds.getNonce()));
        send(request(Resources.V3.LISTENER_TYPE_URL, "", ""));
        DiscoveryResponse lds = next(Resources.V3.LISTENER_TYPE_URL);
        send(request(Resources.V3.LISTENER_TYPE_URL, lds.getVersionInfo(), lds.getNonce()));
        send(request(Resources.V3.ROUTE_TYPE_URL, "", "", ROUTES));
        DiscoveryResponse rds = next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(ordersRouteNames(rds)).containsExactly("");
        send(request(Resources.V3.ROUTE_TYPE_URL, rds.getVersionInfo(), rds.getNonce(), ROUTES));

        HttpResponse<String> put = admin("PUT", """
                {"routes": [{"name": "canary", "match": {"path": {"prefix": "/orders"}},
                             "to": [{"service": "orders-v2", "weight": 10}, {"service": "orders", "weight": 90}]}]}""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        DiscoveryResponse cds2 = next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(clusterNames(cds2)).contains("orders-v2");
        send(request(Resources.V3.CLUSTER_TYPE_URL, cds2.getVersionInfo(), cds2.getNonce()));
        DiscoveryResponse rds2 = next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(ordersRouteNames(rds2)).containsExactly("canary", "");
        send(request(Resources.V3.ROUTE_TYPE_URL, rds2.getVersionInfo(), rds2.getNonce(), ROUTES));

        assertThat(admin("DELETE", null).statusCode()).isEqualTo(204);

        DiscoveryResponse rds3 = next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(ordersRouteNames(rds3)).containsExactly("");
        assertThat(clusterNames(next(Resources.V3.CLUSTER_TYPE_URL))).doesNotContain("orders-v2");
    }

    private HttpResponse<String> admin(String method, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.port() + "/v1/services/orders/routes"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
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

    private static List<String> clusterNames(DiscoveryResponse response) throws Exception {
        List<String> names = new ArrayList<>();
        for (var any : response.getResourcesList()) {
            names.add(any.unpack(Cluster.class).getName());
        }
        return names;
    }

    /** The names of the routes of the outbound virtual host of orders, in order. */
    private static List<String> ordersRouteNames(DiscoveryResponse response) throws Exception {
        List<RouteConfiguration> configs = new ArrayList<>();
        for (var any : response.getResourcesList()) {
            configs.add(any.unpack(RouteConfiguration.class));
        }
        return configs.stream().filter(config -> config.getName().equals("outbound"))
                .flatMap(config -> config.getVirtualHostsList().stream())
                .filter(host -> host.getName().equals("orders"))
                .findFirst().orElseThrow().getRoutesList().stream().map(Route::getName).toList();
    }
}
