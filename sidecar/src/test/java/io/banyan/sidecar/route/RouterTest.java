package io.banyan.sidecar.route;

import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private static VirtualHost host(String name, String... domains) {
        return new VirtualHost(name, List.of(domains), List.of(new Route(RouteMatch.prefix("/"), RouteAction.toCluster(name))));
    }

    /** A GET of {@code target} on {@code authority} with no headers. */
    private static RouteRequest get(String authority, String target) {
        return RouteRequest.of("GET", authority, target, Map.of());
    }

    private static String clusterFor(Router router, String authority, String path) {
        Route route = router.route(get(authority, path));
        return route == null ? null : router.pickCluster(route.action());
    }

    private final Router domains = new Router(new RouteConfig("rc", List.of(
            host("any", "*"),
            host("prefix", "orders.*"),
            host("suffix", "*.example.com"),
            host("longer-suffix", "*.api.example.com"),
            host("exact", "orders.example.com"),
            host("with-port", "payments:9001"))));

    @Test
    void exactDomainWinsOverWildcards() {
        assertThat(clusterFor(domains, "orders.example.com", "/")).isEqualTo("exact");
        assertThat(clusterFor(domains, "ORDERS.example.com", "/")).isEqualTo("exact");
    }

    @Test
    void longestSuffixWildcardThenPrefixWildcardThenStar() {
        assertThat(clusterFor(domains, "x.api.example.com", "/")).isEqualTo("longer-suffix");
        assertThat(clusterFor(domains, "shop.example.com", "/")).isEqualTo("suffix");
        assertThat(clusterFor(domains, "orders.internal", "/")).isEqualTo("prefix");
        assertThat(clusterFor(domains, "unknown", "/")).isEqualTo("any");
        assertThat(clusterFor(domains, null, "/")).isEqualTo("any");
    }

    @Test
    void hostWithPortMatchesPortedDomainElseTheHostAlone() {
        assertThat(clusterFor(domains, "payments:9001", "/")).isEqualTo("with-port");
        assertThat(clusterFor(domains, "payments:9002", "/")).isEqualTo("any");
        assertThat(clusterFor(domains, "shop.example.com:8080", "/")).isEqualTo("suffix");
        // as in Envoy, the whole authority is tried first: a prefix wildcard matches it with its port
        assertThat(clusterFor(domains, "orders.example.com:8080", "/")).isEqualTo("prefix");
    }

    @Test
    void answersStayTheSameWhenRepeatedAndBeyondTheCacheOfAuthorities() {
        for (int round = 0; round < 2; round++) {
            assertThat(clusterFor(domains, "orders.example.com", "/")).isEqualTo("exact");
            assertThat(clusterFor(domains, "payments:9002", "/")).isEqualTo("any");
        }
        for (int i = 0; i < 3000; i++) {
            assertThat(clusterFor(domains, "host-" + i + ".example.com", "/")).isEqualTo("suffix");
        }
        assertThat(clusterFor(domains, "ORDERS.example.com", "/")).isEqualTo("exact");
        Router exactOnly = new Router(new RouteConfig("rc", List.of(host("exact", "orders"))));
        for (int round = 0; round < 2; round++) {
            assertThat(exactOnly.route(get("payments", "/"))).isNull();
        }
    }

    @Test
    void noVirtualHostMeansNoRoute() {
        Router router = new Router(new RouteConfig("rc", List.of(host("exact", "orders"))));
        assertThat(router.route(get("payments", "/"))).isNull();
    }

    @Test
    void pathMatchesExactlyPrefixByPrefixAndTheFirstMatchWins() {
        VirtualHost vh = new VirtualHost("vh", List.of("*"), List.of(
                new Route(RouteMatch.path("/exact"), RouteAction.toCluster("path")),
                new Route(RouteMatch.prefix("/api/"), RouteAction.toCluster("api")),
                new Route(RouteMatch.prefix("/api/v2/"), RouteAction.toCluster("never")),
                new Route(RouteMatch.prefix("/"), RouteAction.toCluster("rest"))));
        Router router = new Router(new RouteConfig("rc", List.of(vh)));

        assertThat(clusterFor(router, "h", "/exact")).isEqualTo("path");
        assertThat(clusterFor(router, "h", "/exact?x=1")).isEqualTo("path");
        assertThat(clusterFor(router, "h", "/exact/more")).isEqualTo("rest");
        assertThat(clusterFor(router, "h", "/api/v2/x")).isEqualTo("api");
        assertThat(clusterFor(router, "h", "/other")).isEqualTo("rest");
    }

    @Test
    void noMatchingRouteMeansNoRoute() {
        VirtualHost vh = new VirtualHost("vh", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/api"), RouteAction.toCluster("api"))));
        assertThat(new Router(new RouteConfig("rc", List.of(vh))).route(get("h", "/web"))).isNull();
    }

    @Test
    void weightedPickFollowsTheTicketDrawn() {
        RouteAction split = new RouteAction(List.of(new WeightedCluster("v1", 90), new WeightedCluster("v2", 10),
                new WeightedCluster("off", 0)), Duration.ZERO);
        int[] ticket = {0};
        RandomGenerator fixed = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                assertThat(bound).isEqualTo(100);
                return ticket[0];
            }
        };
        Router router = new Router(new RouteConfig("rc", List.of()), fixed);

        ticket[0] = 0;
        assertThat(router.pickCluster(split)).isEqualTo("v1");
        ticket[0] = 89;
        assertThat(router.pickCluster(split)).isEqualTo("v1");
        ticket[0] = 90;
        assertThat(router.pickCluster(split)).isEqualTo("v2");
        ticket[0] = 99;
        assertThat(router.pickCluster(split)).isEqualTo("v2");
    }

    @Test
    void weightedPickSpreadsByWeightWithASeededRandom() {
        RouteAction split = new RouteAction(List.of(new WeightedCluster("a", 3), new WeightedCluster("b", 1)), Duration.ZERO);
        Router router = new Router(new RouteConfig("rc", List.of()), new SplittableRandom(42));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            counts.merge(router.pickCluster(split), 1, Integer::sum);
        }
        assertThat(counts.get("a")).isBetween(2800, 3200);
        assertThat(counts.get("b")).isBetween(800, 1200);
    }
}
