package io.banyan.controlplane.xds;

import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.admin.AdminResources;
import io.banyan.controlplane.admin.AdminServer;
import io.banyan.controlplane.admin.DryRuns;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.support.AdminClient;
import io.banyan.controlplane.xds.snapshot.PolicyCheck;
import io.banyan.controlplane.xds.snapshot.ResourceCheck;
import io.banyan.controlplane.xds.snapshot.RouteCheck;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.route.v3.Route;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.scopedWebNode;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator routes PUT on the admin API reach a connected sidecar over a real ADS stream: its RDS holds them before
 * the catch-all and CDS gains the clusters they name (a scoped sidecar's scope grows by them); after DELETE only the
 * catch-all is left.
 */
class RoutePushIT {

    private static final String TOKEN = "route-push-token";
    private static final String[] ROUTES = {"outbound", "upstream|orders", "upstream|ghost", "inbound"};

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CertificateAuthority ca = TestTls.newCa();
    private Store store;
    private Registry registry;
    private TestXdsServer xds;
    private AdminServer admin;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        registry = new Registry(store, Clock.systemUTC(), meters);
        PolicyBook policies = new PolicyBook(store, Clock.systemUTC());
        RouteBook routes = new RouteBook(store, Clock.systemUTC());
        SnapshotBuilder snapshots = new SnapshotBuilder("mesh.local");
        xds = TestXdsServer.start(ca, meters);
        xds.publisher.onChange(registry(1, true));
        routes.addListener(xds.publisher);
        admin = new AdminServer("127.0.0.1", 0, TOKEN, meters,
                AdminResources.routes(registry, routes, policies, new RouteCheck(snapshots,
                        new PolicyCheck(snapshots, new ResourceCheck()), policies::snapshot, routes::snapshot),
                        new DryRuns(xds.publisher)))
                .start();
        channel = TestTls.channel(xds.port(), TestTls.workload(ca, "web"));
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
        AdsCall ads = AdsCall.open(channel, webNode("sidecar~web~127.0.0.1~routes"), Resources.V3.CLUSTER_TYPE_URL);
        DiscoveryResponse cds = ads.next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(AdsCall.clusterNames(cds)).contains("orders").doesNotContain("orders-v2");
        ads.ack(cds);
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(Resources.V3.LISTENER_TYPE_URL).build());
        ads.ack(ads.next(Resources.V3.LISTENER_TYPE_URL));
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(Resources.V3.ROUTE_TYPE_URL)
                .addAllResourceNames(List.of(ROUTES)).build());
        DiscoveryResponse rds = ads.next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(ordersRouteNames(rds)).containsExactly("");
        ads.ack(rds, ROUTES);

        AdminClient client = new AdminClient(admin.port(), TOKEN);
        assertThat(client.put("/v1/services/orders/routes", """
                {"routes": [{"name": "canary", "match": {"path": {"prefix": "/orders"}},
                             "to": [{"service": "orders-v2", "weight": 10}, {"service": "orders", "weight": 90}]}]}""")
                .statusCode()).isEqualTo(200);

        DiscoveryResponse cds2 = ads.next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(AdsCall.clusterNames(cds2)).contains("orders-v2");
        ads.ack(cds2);
        DiscoveryResponse rds2 = ads.next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(ordersRouteNames(rds2)).containsExactly("canary", "");
        ads.ack(rds2, ROUTES);

        assertThat(client.send("DELETE", "/v1/services/orders/routes", null).statusCode()).isEqualTo(204);

        assertThat(ordersRouteNames(ads.next(Resources.V3.ROUTE_TYPE_URL))).containsExactly("");
        assertThat(AdsCall.clusterNames(ads.next(Resources.V3.CLUSTER_TYPE_URL))).doesNotContain("orders-v2");
    }

    @Test
    void aRouteToAServiceItDidNotDeclareExtendsAScopedSidecarsScope() throws Exception {
        AdsCall ads = AdsCall.open(channel, scopedWebNode("sidecar~web~127.0.0.1~scoped"), Resources.V3.CLUSTER_TYPE_URL);
        DiscoveryResponse cds = ads.next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(AdsCall.clusterNames(cds)).doesNotContain("billing", "payments");
        ads.ack(cds);
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(Resources.V3.ROUTE_TYPE_URL).addResourceNames("outbound")
                .build());
        DiscoveryResponse rds = ads.next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(hostNames(rds)).containsExactly("ghost", "orders");
        ads.ack(rds, "outbound");

        assertThat(new AdminClient(admin.port(), TOKEN).put("/v1/services/orders/routes", """
                {"routes": [{"name": "to-billing", "match": {"path": {"prefix": "/pay"}},
                             "to": [{"service": "billing"}]}]}""").statusCode()).isEqualTo(200);

        DiscoveryResponse cds2 = ads.next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(AdsCall.clusterNames(cds2)).contains("billing", "orders").doesNotContain("payments");
        ads.ack(cds2);
        assertThat(hostNames(ads.next(Resources.V3.ROUTE_TYPE_URL))).containsExactly("billing", "ghost", "orders");
    }

    /** The names of the virtual hosts of the outbound table. */
    private static List<String> hostNames(DiscoveryResponse response) throws Exception {
        return outbound(response).getVirtualHostsList().stream().map(VirtualHost::getName).toList();
    }

    private static RouteConfiguration outbound(DiscoveryResponse response) throws Exception {
        for (var any : response.getResourcesList()) {
            RouteConfiguration config = any.unpack(RouteConfiguration.class);
            if (config.getName().equals("outbound")) {
                return config;
            }
        }
        throw new AssertionError("no outbound route table");
    }

    /** The names of the routes of the outbound virtual host of orders, in order. */
    private static List<String> ordersRouteNames(DiscoveryResponse response) throws Exception {
        return outbound(response).getVirtualHostsList().stream().filter(host -> host.getName().equals("orders"))
                .findFirst().orElseThrow().getRoutesList().stream().map(Route::getName).toList();
    }
}
