package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Struct;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.Retries;
import io.banyan.controlplane.policy.Timeouts;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.controlplane.route.ServiceRoutes;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/** Each operator route field lands in its Envoy field (docs/xds.md), in order before the catch-all; gateway tables. */
class OperatorRoutesXdsTest {

    private static final TrafficPolicy ORDERS_POLICY = new TrafficPolicy(null,
            new Timeouts(null, Duration.ofSeconds(3), null, null),
            new Retries("5xx", 1, null, null, null, null), null, null, null, null);

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();
    private final RouteJson json = new RouteJson();

    private ServiceRoutes orders(String body) {
        return json.readService("orders", body.getBytes(StandardCharsets.UTF_8));
    }

    private GatewayRoutes edge(String body) {
        return json.readGateway("edge", body.getBytes(StandardCharsets.UTF_8));
    }

    private Snapshot web(ServiceRoutes routes) {
        return builder.build(parser.parse(webNode("sidecar~web~h~1")), registry(1, true),
                new PolicySnapshot(1, new TreeMap<>(Map.of("orders", ORDERS_POLICY))), AuthorizationSnapshot.empty(),
                new RouteSnapshot(1, new TreeMap<>(Map.of("orders", routes)), new TreeMap<>()));
    }

    private static List<Route> ordersRoutes(Snapshot snapshot, String table) {
        return snapshot.routes().resources().get(table).getVirtualHostsList().stream()
                .filter(host -> host.getName().equals("orders")).findFirst().orElseThrow().getRoutesList();
    }

    @Test
    void operatorRoutesComeInOrderBeforeTheCatchAllInOutboundAndUpstreamTables() {
        Snapshot snapshot = web(orders("""
                {"routes": [
                  {"name": "exact", "match": {"path": {"exact": "/orders"}}, "to": [{"service": "orders-v2"}]},
                  {"name": "prefix", "match": {"path": {"prefix": "/orders/"}}, "to": [{"service": "orders-v2"}]},
                  {"name": "template", "match": {"path": {"template": "/orders/*/items/**"}},
                   "to": [{"service": "orders-v2"}]}
                ]}"""));

        for (String table : List.of(ResourceNames.OUTBOUND_ROUTES, ResourceNames.upstreamRoutes("orders"))) {
            List<Route> routes = ordersRoutes(snapshot, table);
            assertThat(routes).extracting(Route::getName).containsExactly("exact", "prefix", "template", "");
            assertThat(routes.get(0).getMatch().getPath()).isEqualTo("/orders");
            assertThat(routes.get(1).getMatch().getPrefix()).isEqualTo("/orders/");
            assertThat(routes.get(2).getMatch().getPathMatchPolicy().getName())
                    .isEqualTo("envoy.path.match.uri_template");
            assertThat(unpackTemplate(routes.get(2))).isEqualTo("/orders/*/items/**");
            Route catchAll = routes.get(3);
            assertThat(catchAll.getMatch().getPrefix()).isEqualTo("/");
            assertThat(catchAll.getRoute().getCluster()).isEqualTo("orders");
            assertThat(catchAll.getRoute().getTimeout().getSeconds()).isEqualTo(3);
        }
        assertThat(snapshot.routes().resources().get(ResourceNames.OUTBOUND_ROUTES).getVirtualHostsList().stream()
                .filter(host -> host.getName().equals("orders")).findFirst().orElseThrow().getDomainsList())
                .containsExactly("orders", "orders:*");
    }

    private static String unpackTemplate(Route route) {
        try {
            return route.getMatch().getPathMatchPolicy().getTypedConfig().unpack(UriTemplateMatchConfig.class)
                    .getPathTemplate();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void servicesNamedByRoutesGetClustersAndEndpointsThoughNotRegistered() {
        Snapshot snapshot = web(orders("""
                {"routes": [{"to": [{"service": "orders-v2", "weight": 10}, {"service": "orders", "weight": 90}],
                             "mirror": {"service": "shadow", "percent": 1}}]}"""));

        assertThat(snapshot.clusters().resources()).containsKeys("orders-v2", "shadow");
        assertThat(snapshot.endpoints().resources()).containsKeys("orders-v2", "shadow");
        assertThat(snapshot.endpoints().resources().get("orders-v2").getEndpointsList()).isEmpty();
    }

    @Test
    void severalMethodsAreOneEnvoyRouteEachWithHeaderAndQueryMatchers() {
        List<Route> routes = ordersRoutes(web(orders("""
                {"routes": [{"name": "writes", "match": {"path": {"prefix": "/orders"}, "methods": ["POST", "PUT"],
                   "headers": [{"name": "X-Canary", "exact": "1"}, {"name": "x-user", "prefix": "a"},
                               {"name": "x-debug", "present": true}, {"name": "x-off", "absent": true}],
                   "query": [{"name": "v", "exact": "2"}, {"name": "debug", "present": true}]},
                   "to": [{"service": "orders-v2"}]}]}""")), ResourceNames.OUTBOUND_ROUTES);

        assertThat(routes).hasSize(3);
        assertThat(routes).extracting(Route::getName).containsExactly("writes", "writes", "");
        for (int i = 0; i < 2; i++) {
            List<HeaderMatcher> headers = routes.get(i).getMatch().getHeadersList();
            assertThat(headers).containsExactly(
                    HeaderMatcher.newBuilder().setName("x-canary").setStringMatch(exact("1")).build(),
                    HeaderMatcher.newBuilder().setName("x-user")
                            .setStringMatch(StringMatcher.newBuilder().setPrefix("a")).build(),
                    HeaderMatcher.newBuilder().setName("x-debug").setPresentMatch(true).build(),
                    HeaderMatcher.newBuilder().setName("x-off").setPresentMatch(true).setInvertMatch(true).build(),
                    HeaderMatcher.newBuilder().setName(":method").setStringMatch(exact(i == 0 ? "POST" : "PUT"))
                            .build());
            assertThat(routes.get(i).getMatch().getQueryParametersList()).containsExactly(
                    QueryParameterMatcher.newBuilder().setName("v").setStringMatch(exact("2")).build(),
                    QueryParameterMatcher.newBuilder().setName("debug").setPresentMatch(true).build());
        }
    }

    private static StringMatcher exact(String value) {
        return StringMatcher.newBuilder().setExact(value).build();
    }

    @Test
    void toCarriesWeightsRewriteMirrorAndItsOwnTimeoutAndRetriesOverTheServicePolicy() {
        List<Route> routes = ordersRoutes(web(orders("""
                {"routes": [
                  {"name": "split", "to": [{"service": "orders-v2", "weight": 10}, {"service": "orders", "weight": 90}],
                   "rewrite": {"prefix": "/v2"}, "timeout": "750ms", "retries": {"retryOn": "reset", "numRetries": 4},
                   "mirror": {"service": "shadow", "percent": 12.5}},
                  {"name": "one", "to": [{"service": "orders-v2"}]}
                ]}""")), ResourceNames.OUTBOUND_ROUTES);

        RouteAction split = routes.get(0).getRoute();
        assertThat(split.getWeightedClusters().getClustersList()).extracting(WeightedCluster.ClusterWeight::getName,
                weight -> weight.getWeight().getValue()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("orders-v2", 10), org.assertj.core.groups.Tuple.tuple("orders", 90));
        assertThat(split.getWeightedClusters().hasTotalWeight()).isFalse();
        assertThat(split.getPrefixRewrite()).isEqualTo("/v2");
        assertThat(split.getTimeout().getNanos()).isEqualTo(750_000_000);
        assertThat(split.getRetryPolicy().getRetryOn()).isEqualTo("reset");
        assertThat(split.getRetryPolicy().getNumRetries().getValue()).isEqualTo(4);
        RouteAction.RequestMirrorPolicy mirror = split.getRequestMirrorPolicies(0);
        assertThat(mirror.getCluster()).isEqualTo("shadow");
        assertThat(mirror.getRuntimeFraction().getDefaultValue()).isEqualTo(FractionalPercent.newBuilder()
                .setNumerator(125_000).setDenominator(FractionalPercent.DenominatorType.MILLION).build());

        RouteAction one = routes.get(1).getRoute();
        assertThat(one.getCluster()).isEqualTo("orders-v2");
        assertThat(one.getTimeout().getSeconds()).as("the service policy's").isEqualTo(3);
        assertThat(one.getRetryPolicy().getRetryOn()).isEqualTo("5xx");
        assertThat(one.getRequestMirrorPoliciesCount()).isZero();
    }

    @Test
    void redirectDirectResponseAndHeaderChanges() {
        List<Route> routes = ordersRoutes(web(orders("""
                {"routes": [
                  {"name": "moved", "match": {"path": {"prefix": "/old"}},
                   "redirect": {"scheme": "https", "host": "new.example.com", "port": 8443, "prefix": "/new",
                                "status": 308, "stripQuery": true}},
                  {"name": "plain", "match": {"path": {"exact": "/plain"}}, "redirect": {"scheme": "http", "path": "/p"}},
                  {"name": "gone", "match": {"path": {"prefix": "/gone"}}, "directResponse": {"status": 410, "body": "gone"},
                   "headers": {"request": {"add": {"x-a": "1"}, "set": {"x-b": "2"}, "remove": ["x-c"]},
                               "response": {"set": {"cache-control": "no-store"}, "remove": ["server"]}}}
                ]}""")), ResourceNames.OUTBOUND_ROUTES);

        assertThat(routes.get(0).getRedirect()).isEqualTo(RedirectAction.newBuilder().setHttpsRedirect(true)
                .setHostRedirect("new.example.com").setPortRedirect(8443).setPrefixRewrite("/new")
                .setResponseCode(RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT).setStripQuery(true).build());
        assertThat(routes.get(1).getRedirect()).isEqualTo(RedirectAction.newBuilder().setSchemeRedirect("http")
                .setPathRedirect("/p").setResponseCode(RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY).build());
        Route gone = routes.get(2);
        assertThat(gone.getDirectResponse().getStatus()).isEqualTo(410);
        assertThat(gone.getDirectResponse().getBody().getInlineString()).isEqualTo("gone");
        assertThat(gone.getRequestHeadersToAddList()).extracting(option -> option.getHeader().getKey(),
                option -> option.getHeader().getValue(), HeaderValueOption::getAppendAction).containsExactly(
                org.assertj.core.groups.Tuple.tuple("x-a", "1", HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD),
                org.assertj.core.groups.Tuple.tuple("x-b", "2",
                        HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
        assertThat(gone.getRequestHeadersToRemoveList()).containsExactly("x-c");
        assertThat(gone.getResponseHeadersToAddList()).extracting(option -> option.getHeader().getKey())
                .containsExactly("cache-control");
        assertThat(gone.getResponseHeadersToRemoveList()).containsExactly("server");
        assertThat(routes.get(3).getRequestHeadersToAddCount()).as("the catch-all changes nothing").isZero();
    }

    @Test
    void aGatewayHasOneVirtualHostPerHostAndOneForEveryHostWithoutACatchAll() {
        GatewayRoutes routes = edge("""
                {"routes": [
                  {"name": "shop", "hosts": ["shop.example.com"], "match": {"path": {"prefix": "/"}},
                   "to": [{"service": "shop"}]},
                  {"name": "orders", "match": {"path": {"prefix": "/orders"}}, "to": [{"service": "orders"}]},
                  {"name": "api", "hosts": ["*.example.com", "shop.example.com"], "match": {"path": {"prefix": "/api"}},
                   "to": [{"service": "api"}]},
                  {"name": "rest", "to": [{"service": "monolith"}]}
                ]}""");
        PolicySnapshot policies = new PolicySnapshot(1, new TreeMap<>(Map.of("orders", ORDERS_POLICY)));
        RouteSnapshot operatorRoutes = new RouteSnapshot(1, new TreeMap<>(), new TreeMap<>(Map.of("edge", routes)));
        Snapshot snapshot = builder.build(gatewayNode("edge"), registry(1, true), policies,
                AuthorizationSnapshot.empty(), operatorRoutes);
        List<RouteConfiguration> tables = new RouteConfigBuilder().build(gatewayNode("edge"),
                snapshot.clusters().resources().keySet(), policies, operatorRoutes);

        RouteConfiguration gateway = tables.stream()
                .filter(table -> table.getName().equals(ResourceNames.gatewayRoutes("edge"))).findFirst().orElseThrow();
        assertThat(gateway.getName()).isEqualTo("gateway|edge");
        assertThat(gateway.getVirtualHostsList()).extracting(VirtualHost::getName)
                .containsExactly("shop.example.com", "*.example.com", "*");
        assertThat(names(gateway.getVirtualHosts(0))).containsExactly("shop", "orders", "api", "rest");
        assertThat(gateway.getVirtualHosts(0).getDomainsList()).containsExactly("shop.example.com");
        assertThat(names(gateway.getVirtualHosts(1))).containsExactly("orders", "api", "rest");
        assertThat(names(gateway.getVirtualHosts(2))).containsExactly("orders", "rest");
        assertThat(gateway.getVirtualHosts(2).getDomainsList()).containsExactly("*");
        assertThat(gateway.getVirtualHosts(2).getRoutes(0).getRoute().getTimeout().getSeconds())
                .as("a gateway's route carries its destination's policy").isEqualTo(3);
        assertThat(snapshot.clusters().resources()).as("services the gateway routes to")
                .containsKeys("shop", "api", "monolith");
    }

    private static List<String> names(VirtualHost host) {
        return host.getRoutesList().stream().map(Route::getName).toList();
    }

    private static io.envoyproxy.envoy.config.core.v3.Node gatewayNodeProto(String name) {
        return io.envoyproxy.envoy.config.core.v3.Node.newBuilder()
                .setId("gateway~" + name)
                .setCluster(name)
                .setMetadata(Struct.newBuilder()
                        .putFields(NodeMetadata.SERVICE, Fixtures.string(name))
                        .putFields(NodeMetadata.GATEWAY, Fixtures.string(name))
                        .putFields(NodeMetadata.OUTBOUND_PORT, Fixtures.number(8080)))
                .build();
    }

    private SidecarNode gatewayNode(String name) {
        SidecarNode node = parser.parse(gatewayNodeProto(name));
        assertThat(node.gateway()).isEqualTo(name);
        return node;
    }

    @Test
    void aDryRunPreviewIsTheSameRoutesAsProto3Json() {
        RoutePreview preview = new RoutePreview();
        List<String> resources = preview.service(orders("""
                {"routes": [{"name": "items", "match": {"path": {"template": "/orders/*/items"}},
                             "to": [{"service": "orders-v2"}]}]}"""), PolicySnapshot.empty());

        assertThat(resources).hasSize(2);
        assertThat(resources.get(0)).contains("\"name\": \"outbound\"", "\"pathTemplate\": \"/orders/*/items\"",
                "type.googleapis.com/envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig");
        assertThat(resources.get(1)).contains("\"name\": \"upstream|orders\"");
        assertThat(preview.gateway(edge("{\"routes\": [{\"to\": [{\"service\": \"a\"}]}]}"), PolicySnapshot.empty()))
                .singleElement().asString().contains("\"name\": \"gateway|edge\"");
    }
}
