package io.banyan.controlplane.xds;

import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.admin.AdminResources;
import io.banyan.controlplane.admin.AdminServer;
import io.banyan.controlplane.admin.DryRuns;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.loadstats.LoadWindow;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.controlplane.migration.MigrationBook;
import io.banyan.controlplane.migration.MigrationController;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.support.AdminClient;
import io.banyan.primitives.stats.LatencySketch;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration created on the admin API reaches a connected sidecar over a real ADS stream: its side clusters in CDS
 * and its route first in RDS; advancing it changes the weights; a guard breach (a round of the controller over a
 * load window with 5 % errors on the new side) takes its route and clusters away again.
 */
class MigrationPushIT {

    private static final String TOKEN = "migration-push-token";
    private static final String[] ROUTES = {"outbound", "upstream|orders", "upstream|ghost", "inbound"};

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CertificateAuthority ca = TestTls.newCa();
    private volatile SideStats newSide = SideStats.EMPTY;
    private final LoadWindow load = new LoadWindow() {
        @Override
        public SideStats side(String cluster, Instant since) {
            return cluster.endsWith("|to") ? newSide : SideStats.EMPTY;
        }

        @Override
        public ShadowStats shadow(String cluster, Instant since) {
            return ShadowStats.EMPTY;
        }

        @Override
        public void track(Set<String> clusters) {
        }

        @Override
        public Set<String> tracked() {
            return Set.of();
        }
    };
    private Store store;
    private Registry registry;
    private TestXdsServer xds;
    private AdminServer admin;
    private MigrationController controller;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        registry = new Registry(store, Clock.systemUTC(), meters);
        MigrationBook migrations = new MigrationBook(store, Clock.systemUTC(), new RouteBook(store, Clock.systemUTC()));
        controller = new MigrationController(migrations, load, Clock.systemUTC(), Duration.ofHours(1));
        xds = TestXdsServer.start(ca, meters);
        xds.publisher.onChange(registry(1, true));
        migrations.addListener(xds.publisher);
        admin = new AdminServer("127.0.0.1", 0, TOKEN, meters,
                List.of(AdminResources.migrations(migrations, controller, registry, new DryRuns(xds.publisher)))).start();
        channel = TestTls.channel(xds.port(), TestTls.workload(ca, "web"));
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        admin.close();
        controller.close();
        xds.close();
        registry.close();
        store.close();
    }

    @Test
    void aMigrationIsPushedMovesWithItsStepsAndIsTakenAwayByTheGuard() throws Exception {
        AdsCall ads = AdsCall.open(channel, webNode("sidecar~web~127.0.0.1~migration"),
                Resources.V3.CLUSTER_TYPE_URL);
        ads.ack(ads.next(Resources.V3.CLUSTER_TYPE_URL));
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(Resources.V3.LISTENER_TYPE_URL).build());
        ads.ack(ads.next(Resources.V3.LISTENER_TYPE_URL));
        ads.send(DiscoveryRequest.newBuilder().setTypeUrl(Resources.V3.ROUTE_TYPE_URL)
                .addAllResourceNames(List.of(ROUTES)).build());
        ads.ack(ads.next(Resources.V3.ROUTE_TYPE_URL), ROUTES);

        AdminClient client = new AdminClient(admin.port(), TOKEN);
        assertThat(client.send("POST", "/v1/migrations", """
                {"name": "m", "match": {"path": {"prefix": "/v2"}}, "from": "orders", "to": "payments",
                 "steps": [0, 25, 100], "shadow": {"percent": 50},
                 "guard": {"maxErrorRate": 0.01, "minRequests": 100}}""").statusCode()).isEqualTo(201);

        DiscoveryResponse cds = ads.next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(AdsCall.clusterNames(cds)).contains("migration|m|from", "migration|m|to", "migration|m|shadow");
        ads.ack(cds);
        DiscoveryResponse rds = ads.next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(ordersRoutes(rds)).extracting(Route::getName).containsExactly("migration/m", "");
        assertThat(ordersRoutes(rds).get(0).getRoute().getRequestMirrorPolicies(0).getCluster())
                .isEqualTo("migration|m|shadow");
        ads.ack(rds, ROUTES);

        assertThat(client.send("POST", "/v1/migrations/m/advance", null).statusCode()).isEqualTo(200);
        DiscoveryResponse cds2 = ads.next(Resources.V3.CLUSTER_TYPE_URL);
        assertThat(AdsCall.clusterNames(cds2)).contains("migration|m|to").doesNotContain("migration|m|shadow");
        ads.ack(cds2);
        DiscoveryResponse rds2 = ads.next(Resources.V3.ROUTE_TYPE_URL);
        assertThat(ordersRoutes(rds2).get(0).getRoute().getWeightedClusters().getClustersList())
                .extracting(weight -> weight.getWeight().getValue()).containsExactly(75, 25);
        ads.ack(rds2, ROUTES);

        newSide = new SideStats(400, 20, Map.of("upstream_5xx", 20L), 0, LatencySketch.empty());
        controller.tick();

        assertThat(AdsCall.clusterNames(ads.next(Resources.V3.CLUSTER_TYPE_URL))).noneMatch(n -> n.startsWith("migration|"));
        assertThat(ordersRoutes(ads.next(Resources.V3.ROUTE_TYPE_URL))).extracting(Route::getName)
                .containsExactly("");
        assertThat(client.get("/v1/migrations/m").body()).contains("\"state\":\"rolled-back\"")
                .contains("guard: to error rate 0.05 > maxErrorRate 0.01 over 1m (400 requests)");
    }

    /** The routes of the outbound virtual host of orders, in order. */
    private static List<Route> ordersRoutes(DiscoveryResponse response) throws Exception {
        for (var any : response.getResourcesList()) {
            RouteConfiguration config = any.unpack(RouteConfiguration.class);
            if (config.getName().equals("outbound")) {
                return config.getVirtualHostsList().stream().filter(host -> host.getName().equals("orders"))
                        .findFirst().orElseThrow().getRoutesList();
            }
        }
        throw new AssertionError("no outbound route table");
    }
}
