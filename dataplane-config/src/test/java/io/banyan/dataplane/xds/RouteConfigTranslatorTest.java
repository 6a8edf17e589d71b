package io.banyan.dataplane.xds;

import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch.Builder;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteConfigTranslatorTest {

    private final RouteConfigTranslator translator = new RouteConfigTranslator();

    @Test
    void translatesDomainsPrefixAndDefaultTimeout() throws Exception {
        RouteConfig config = translator.translate(XdsResources.routes("outbound", "orders", "orders"));

        assertThat(config.name()).isEqualTo("outbound");
        assertThat(config.virtualHosts()).singleElement().satisfies(host -> {
            assertThat(host.domains()).containsExactly("orders");
            assertThat(host.routes()).singleElement().satisfies(route -> {
                assertThat(route.match()).isEqualTo(RouteMatch.prefix("/"));
                assertThat(route.action()).isEqualTo(RouteAction.toCluster("orders"));
            });
        });
    }

    @Test
    void translatesPathWeightedClustersAndTimeouts() throws Exception {
        RouteConfiguration routes = withRoute(Route.newBuilder()
                .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPath("/checkout"))
                .setRoute(io.envoyproxy.envoy.config.route.v3.RouteAction.newBuilder()
                        .setWeightedClusters(io.envoyproxy.envoy.config.route.v3.WeightedCluster.newBuilder()
                                .addClusters(ClusterWeight.newBuilder().setName("monolith").setWeight(UInt32Value.of(90)))
                                .addClusters(ClusterWeight.newBuilder().setName("orders").setWeight(UInt32Value.of(10))))
                        .setTimeout(Duration.newBuilder().setSeconds(0)))
                .build());

        var route = translator.translate(routes).virtualHosts().get(0).routes().get(0);

        assertThat(route.match()).isEqualTo(RouteMatch.path("/checkout"));
        assertThat(route.action().clusters())
                .containsExactly(new WeightedCluster("monolith", 90), new WeightedCluster("orders", 10));
        assertThat(route.action().timeout()).isEqualTo(java.time.Duration.ZERO);
    }

    @Test
    void rejectsARegexMatch() {
        RouteConfiguration routes = withRoute(route(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder()
                .setSafeRegex(RegexMatcher.newBuilder().setRegex("/a.*"))));

        assertThatThrownBy(() -> translator.translate(routes))
                .hasMessage("route_config outbound: virtual_host 'orders' routes[0] match SAFE_REGEX "
                        + "(expected: prefix, path or path_match_policy envoy.path.match.uri_template)");
    }

    @Test
    void rejectsAClusterHeaderSpecifier() {
        RouteConfiguration routes = withRoute(Route.newBuilder()
                .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(io.envoyproxy.envoy.config.route.v3.RouteAction.newBuilder().setClusterHeader("x-cluster"))
                .build());

        assertThatThrownBy(() -> translator.translate(routes))
                .hasMessage("route_config outbound: virtual_host 'orders' routes[0] route.cluster_specifier "
                        + "CLUSTER_HEADER (expected: cluster or weighted_clusters)");
    }

    @Test
    void rejectsAVirtualHostWithoutDomains() {
        RouteConfiguration routes = RouteConfiguration.newBuilder().setName("outbound")
                .addVirtualHosts(VirtualHost.newBuilder().setName("orders"))
                .build();

        assertThatThrownBy(() -> translator.translate(routes))
                .hasMessage("route_config outbound: virtual_host 'orders': virtualHost.domains of orders: [] "
                        + "(expected: at least one domain)");
    }

    @Test
    void rejectsWeightsSummingToZero() {
        RouteConfiguration routes = withRoute(Route.newBuilder()
                .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(io.envoyproxy.envoy.config.route.v3.RouteAction.newBuilder()
                        .setWeightedClusters(io.envoyproxy.envoy.config.route.v3.WeightedCluster.newBuilder()
                                .addClusters(ClusterWeight.newBuilder().setName("orders"))))
                .build());

        assertThatThrownBy(() -> translator.translate(routes))
                .hasMessage("route_config outbound: virtual_host 'orders' routes[0]: routeAction.clusters: "
                        + "weights sum to 0 (expected: > 0)");
    }

    private static Route route(Builder match) {
        return Route.newBuilder().setMatch(match)
                .setRoute(io.envoyproxy.envoy.config.route.v3.RouteAction.newBuilder().setCluster("orders"))
                .build();
    }

    private static RouteConfiguration withRoute(Route route) {
        return RouteConfiguration.newBuilder().setName("outbound")
                .addVirtualHosts(VirtualHost.newBuilder().setName("orders").addAllDomains(List.of("orders"))
                        .addRoutes(route))
                .build();
    }
}
