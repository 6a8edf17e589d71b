package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.route.RouteJson;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway route on a wildcard host serves every virtual host it covers, also those other routes name exactly. */
class GatewayWildcardHostsTest {

    @Test
    void aWildcardHostRouteIsInTheVirtualHostOfEveryExactHostItCovers() {
        GatewayRoutes routes = new RouteJson().readGateway("edge", """
                {"routes": [
                  {"name": "wild", "hosts": ["*.example.com"], "match": {"path": {"prefix": "/api"}},
                   "to": [{"service": "api"}]},
                  {"name": "admin", "hosts": ["a.example.com"], "match": {"path": {"prefix": "/admin"}},
                   "to": [{"service": "admin"}]}
                ]}""".getBytes(StandardCharsets.UTF_8));

        RouteConfiguration table = RouteConfigBuilder.gateway("edge", routes.routes(), PolicySnapshot.empty());

        assertThat(table.getName()).isEqualTo(ResourceNames.gatewayRoutes("edge"));
        VirtualHost exact = table.getVirtualHostsList().stream()
                .filter(host -> host.getDomainsList().contains("a.example.com")).findFirst().orElseThrow();
        assertThat(exact.getRoutesList()).extracting(Route::getName)
                .as("a.example.com/api is served by 'wild' (its host matches *.example.com)")
                .contains("wild", "admin");
    }

    @Test
    void aWildcardVirtualHostTakesTheWiderWildcardsRoutesInOrderButNotTheBareDomain() {
        GatewayRoutes routes = new RouteJson().readGateway("edge", """
                {"routes": [
                  {"name": "wide", "hosts": ["*.example.com"], "match": {"path": {"prefix": "/w"}},
                   "to": [{"service": "api"}]},
                  {"name": "narrow", "hosts": ["*.a.example.com"], "match": {"path": {"prefix": "/n"}},
                   "to": [{"service": "api"}]},
                  {"name": "bare", "hosts": ["example.com"], "to": [{"service": "web"}]}
                ]}""".getBytes(StandardCharsets.UTF_8));

        RouteConfiguration table = RouteConfigBuilder.gateway("edge", routes.routes(), PolicySnapshot.empty());

        assertThat(table.getVirtualHostsList()).extracting(VirtualHost::getName)
                .containsExactly("*.example.com", "*.a.example.com", "example.com");
        assertThat(table.getVirtualHosts(1).getRoutesList()).extracting(Route::getName)
                .containsExactly("wide", "narrow");
        assertThat(table.getVirtualHosts(2).getRoutesList()).extracting(Route::getName)
                .as("*.example.com does not cover example.com itself")
                .containsExactly("bare");
    }

    @Test
    void aGatewayWithoutRoutesHasOneVirtualHostForEveryAuthorityWithNoRoutes() {
        RouteConfiguration table = RouteConfigBuilder.gateway("edge", List.of(), PolicySnapshot.empty());

        assertThat(table.getName()).isEqualTo(ResourceNames.gatewayRoutes("edge"));
        assertThat(table.getVirtualHostsList()).singleElement().satisfies(host -> {
            assertThat(host.getName()).isEqualTo("*");
            assertThat(host.getDomainsList()).containsExactly("*");
            assertThat(host.getRoutesList()).isEmpty();
        });
    }
}
