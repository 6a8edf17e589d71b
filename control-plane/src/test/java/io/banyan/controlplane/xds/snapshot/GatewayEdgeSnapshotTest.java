package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.EdgeFilters;
import io.banyan.api.xds.NodeMetadataCodec;
import io.banyan.api.xds.SidecarMetadata;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.controlplane.route.edge.ApiKey;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.xds.EdgeFilterTranslator;
import io.banyan.dataplane.xds.EdgeRouteTranslator;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A gateway route's end-user fields, from the operator's JSON to the gateway's listener and routes, and back. */
class GatewayEdgeSnapshotTest {

    private static final String KEY = "partner-a-secret-0123456789";
    private static final String ROUTES = """
            {"routes": [{"name": "orders", "match": {"path": {"prefix": "/orders"}, "methods": ["GET", "POST"]},
                         "to": [{"service": "orders"}],
                         "auth": {"apiKey": {"keys": [{"name": "partner-a", "key": "%s"}]}},
                         "rateLimit": {"key": "apiKey", "requestsPerSecond": 1, "burst": 2},
                         "cors": {"allowOrigins": ["https://shop.example.com"]},
                         "maxRequestBytes": 1024},
                        {"name": "open", "to": [{"service": "payments"}]}]}
            """.formatted(KEY);

    private final RouteJson json = new RouteJson();

    @Test
    void everyEnvoyRouteOfAGatewayRouteCarriesItsPolicy_andTheListenerHasTheFiltersBeforeTheRouter() throws Exception {
        GatewayRoutes routes = json.readGateway("edge", ROUTES.getBytes(StandardCharsets.UTF_8));
        RouteSnapshot operatorRoutes = new RouteSnapshot(1, new TreeMap<>(), new TreeMap<>(java.util.Map.of("edge",
                routes)));
        Node node = Node.newBuilder().setId("gateway~edge~h~1").setCluster("edge")
                .setMetadata(NodeMetadataCodec.encode(SidecarMetadata.gateway("edge", "", "0.0.0.0", 8443))).build();

        Snapshot snapshot = new SnapshotBuilder("mesh.local").build(new SidecarNodeParser().parse(node),
                registry(1, true), io.banyan.controlplane.policy.PolicySnapshot.empty(),
                io.banyan.controlplane.authz.AuthorizationSnapshot.empty(), operatorRoutes);

        RouteConfiguration table = snapshot.routes().resources().get("gateway|edge");
        List<Route> envoyRoutes = table.getVirtualHosts(0).getRoutesList();
        assertThat(envoyRoutes).extracting(Route::getName).containsExactly("orders", "orders", "open");
        for (Route perMethod : envoyRoutes.subList(0, 2)) {
            EdgeRouteSettings settings = new EdgeRouteTranslator().translate(perMethod.getTypedPerFilterConfigMap(),
                    table.getName(), "route");
            assertThat(settings.apiKeys()).isNotNull();
            assertThat(settings.rateLimit()).isNotNull();
            assertThat(settings.cors()).isNotNull();
            assertThat(settings.maxRequestBytes()).isEqualTo(1024);
        }
        assertThat(envoyRoutes.get(2).getTypedPerFilterConfigMap()).isEmpty();
        assertThat(table.toString()).doesNotContain(KEY).contains(ApiKey.hash(KEY));

        Listener listener = snapshot.listeners().resources().get("outbound|8443");
        HttpConnectionManager hcm = listener.getFilterChains(0).getFilters(0).getTypedConfig()
                .unpack(HttpConnectionManager.class);
        assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).containsSubsequence(EdgeFilters.CORS,
                EdgeFilters.API_KEY_AUTH, EdgeFilters.CLIENT_RATE_LIMIT, EdgeFilters.REQUEST_BODY_LIMIT,
                ListenerBuilder.ROUTER);
        assertThat(new EdgeFilterTranslator().translate(hcm, listener.getName()))
                .isEqualTo(new EdgeListenerSettings(java.util.Map.of(), EdgeListenerSettings.DEFAULT_MAX_CLIENTS));
    }

    @Test
    void theStoredAndShownFormHasTheKeysNameAndHashOnly() {
        GatewayRoutes routes = json.readGateway("edge", ROUTES.getBytes(StandardCharsets.UTF_8));

        String written = new String(json.write(routes), StandardCharsets.UTF_8);

        assertThat(written).doesNotContain(KEY).contains("\"partner-a\"").contains(ApiKey.hash(KEY))
                .contains("\"maxRequestBytes\":1024");
        assertThat(json.readGateway("edge", written.getBytes(StandardCharsets.UTF_8))).isEqualTo(routes);
    }

    @Test
    void anErrorInsideTheEndUserFieldsNamesTheRoute() {
        assertThatThrownBy(() -> json.readGateway("edge", """
                {"routes": [{"to": [{"service": "a"}], "auth": {"apiKey": {"keys": [{"name": "a", "key": "short"}]}}}]}
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e ->
                        assertThat(e.field()).isEqualTo("routes[0].auth.apiKey.keys[0].key"));
        assertThatThrownBy(() -> json.readGateway("edge", """
                {"routes": [{"to": [{"service": "a"}], "rateLimit": {"key": "apiKey", "requestsPerSecond": 1}}]}
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e ->
                        assertThat(e.field()).isEqualTo("routes[0].rateLimit.key"));
        assertThatThrownBy(() -> json.readService("web", """
                {"routes": [{"to": [{"service": "a"}], "cors": {"allowOrigins": ["*"]}}]}
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e ->
                        assertThat(e.field()).isEqualTo("routes[0].cors"));
    }
}
