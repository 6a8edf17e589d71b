package io.banyan.sidecar.route;

import io.banyan.dataplane.config.DirectResponse;
import io.banyan.dataplane.config.HeaderMatcher;
import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.HeaderValue;
import io.banyan.dataplane.config.QueryParameterMatcher;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.VirtualHost;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The conditions of a route beyond its prefix: path templates, headers, the method, query parameters, in order. */
class RouterMatchingTest {

    private static Route to(RouteMatch match, String cluster) {
        return new Route(match, RouteAction.toCluster(cluster));
    }

    /** A GET of {@code target} on {@code authority} with no headers. */
    private static RouteRequest get(String authority, String target) {
        return RouteRequest.of("GET", authority, target, Map.of());
    }

    private static Router router(Route... routes) {
        return new Router(new RouteConfig("rc", List.of(new VirtualHost("all", List.of("*"), List.of(routes)))));
    }

    private static String cluster(Router router, String method, String target, Map<String, String> headers) {
        Route route = router.route(RouteRequest.of(method, "orders", target, headers));
        return route == null ? null : router.pickCluster(route.action());
    }

    private static String cluster(Router router, String target) {
        return cluster(router, "GET", target, Map.of());
    }

    @Test
    void aTemplateStarMatchesExactlyOneNonEmptySegment() {
        Router router = router(to(RouteMatch.template("/orders/*/items"), "items"), to(RouteMatch.prefix("/"), "rest"));

        assertThat(cluster(router, "/orders/42/items")).isEqualTo("items");
        assertThat(cluster(router, "/orders/42/items?page=2")).isEqualTo("items");
        assertThat(cluster(router, "/orders//items")).isEqualTo("rest");
        assertThat(cluster(router, "/orders/4/2/items")).isEqualTo("rest");
        assertThat(cluster(router, "/orders/42/items/7")).isEqualTo("rest");
        assertThat(cluster(router, "/orders/42/Items")).isEqualTo("rest"); // literals are case-sensitive
    }

    @Test
    void aTemplateDoubleStarMatchesTheRestOfThePath() {
        Router router = router(to(RouteMatch.template("/static/**"), "static"), to(RouteMatch.prefix("/"), "rest"));

        assertThat(cluster(router, "/static/")).isEqualTo("static");
        assertThat(cluster(router, "/static/css/site.css")).isEqualTo("static");
        assertThat(cluster(router, "/static")).isEqualTo("rest"); // as Envoy: the slash before '**' is literal
        assertThat(cluster(router, "/statics/x")).isEqualTo("rest");
    }

    @Test
    void headersMatchExactlyByPrefixPresentOrAbsentAndJoinedWhenRepeated() {
        Router router = router(
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.exact("x-canary", "1")), "canary"),
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.prefix("x-user", "adm")), "admins"),
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.exact("x-tags", "a,b")), "tagged"),
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.present("x-debug")), "debug"),
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.absent("x-session")), "anonymous"),
                to(RouteMatch.prefix("/"), "rest"));

        assertThat(cluster(router, "GET", "/", Map.of("x-canary", "1", "x-session", "s"))).isEqualTo("canary");
        assertThat(cluster(router, "GET", "/", Map.of("x-canary", "2", "x-session", "s"))).isEqualTo("rest");
        assertThat(cluster(router, "GET", "/", Map.of("x-user", "admin", "x-session", "s"))).isEqualTo("admins");
        assertThat(cluster(router, "GET", "/", Map.of("x-tags", "a,b", "x-session", "s"))).isEqualTo("tagged");
        assertThat(cluster(router, "GET", "/", Map.of("x-debug", "", "x-session", "s"))).isEqualTo("debug");
        assertThat(cluster(router, "GET", "/", Map.of())).isEqualTo("anonymous");
        assertThat(cluster(router, "GET", "/", Map.of("x-session", "s"))).isEqualTo("rest");
    }

    @Test
    void theMethodIsThePseudoHeaderMethod() {
        Router router = router(
                to(RouteMatch.prefix("/orders").withHeaders(HeaderMatcher.exact(":method", "POST")), "writes"),
                to(RouteMatch.prefix("/orders"), "reads"));

        assertThat(cluster(router, "POST", "/orders", Map.of())).isEqualTo("writes");
        assertThat(cluster(router, "GET", "/orders", Map.of())).isEqualTo("reads");
    }

    @Test
    void authorityAndPathArePseudoHeadersToo() {
        Router router = router(
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.prefix(":authority", "orders")), "by-authority"),
                to(RouteMatch.prefix("/"), "rest"));
        Router byPath = router(
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.exact(":path", "/a?b=1")), "by-path"),
                to(RouteMatch.prefix("/"), "rest"));

        assertThat(cluster(router, "/")).isEqualTo("by-authority"); // the requests here are to "orders"
        assertThat(cluster(byPath, "/a?b=1")).isEqualTo("by-path");
        assertThat(cluster(byPath, "/a")).isEqualTo("rest");
    }

    @Test
    void queryParametersMatchTheirFirstDecodedValueOrPresence() {
        Router router = router(
                to(RouteMatch.prefix("/").withQueryParameters(QueryParameterMatcher.exact("v", "2")), "v2"),
                to(RouteMatch.prefix("/").withQueryParameters(QueryParameterMatcher.exact("name", "a b")), "spaced"),
                to(RouteMatch.prefix("/").withQueryParameters(QueryParameterMatcher.present("debug")), "debug"),
                to(RouteMatch.prefix("/"), "rest"));

        assertThat(cluster(router, "/x?v=2")).isEqualTo("v2");
        assertThat(cluster(router, "/x?a=1&v=2&v=3")).isEqualTo("v2");
        assertThat(cluster(router, "/x?v=3&v=2")).isEqualTo("rest"); // the first value counts
        assertThat(cluster(router, "/x?%76=%32")).isEqualTo("v2");
        assertThat(cluster(router, "/x?name=a%20b")).isEqualTo("spaced");
        assertThat(cluster(router, "/x?debug")).isEqualTo("debug");
        assertThat(cluster(router, "/x?debug=")).isEqualTo("debug");
        assertThat(cluster(router, "/x?debugging=1")).isEqualTo("rest");
        assertThat(cluster(router, "/x")).isEqualTo("rest");
    }

    @Test
    void everyConditionMustHoldAndTheFirstMatchingRouteWins() {
        Router router = router(
                to(RouteMatch.path("/orders").withHeaders(HeaderMatcher.exact("x-canary", "1"))
                        .withQueryParameters(QueryParameterMatcher.present("v")), "all-three"),
                to(RouteMatch.prefix("/orders"), "first-prefix"),
                to(RouteMatch.prefix("/orders").withHeaders(HeaderMatcher.exact("x-canary", "1")), "never"));

        assertThat(cluster(router, "GET", "/orders?v", Map.of("x-canary", "1"))).isEqualTo("all-three");
        assertThat(cluster(router, "GET", "/orders", Map.of("x-canary", "1"))).isEqualTo("first-prefix");
        assertThat(cluster(router, "GET", "/orders/1?v", Map.of("x-canary", "1"))).isEqualTo("first-prefix");
    }

    @Test
    void withoutARequestViewHeaderConditionsSeeNoHeaders() {
        Router router = router(
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.present("x-canary")), "canary"),
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.absent("x-canary")), "plain"));

        assertThat(router.pickCluster(router.route(get("orders", "/")).action())).isEqualTo("plain");
    }

    @Test
    void theRouteReturnedCarriesItsVirtualHostsHeaderMutationsThenItsOwn() {
        Route own = to(RouteMatch.prefix("/"), "orders").withHeaders(
                new HeaderMutations(List.of("x-host-only"), List.of(HeaderValue.overwrite("x-shared", "route"))),
                HeaderMutations.NONE);
        VirtualHost host = new VirtualHost("all", List.of("*"), List.of(own),
                new HeaderMutations(List.of("x-a"), List.of(HeaderValue.overwrite("x-shared", "host"),
                        HeaderValue.append("x-host-only", "h"))),
                new HeaderMutations(List.of(), List.of(HeaderValue.append("x-served-by", "host"))));

        Route route = new Router(new RouteConfig("rc", List.of(host))).route(get("orders", "/"));

        assertThat(route.requestHeaders()).isEqualTo(new HeaderMutations(List.of("x-a", "x-host-only"), List.of(
                HeaderValue.overwrite("x-shared", "host"), HeaderValue.overwrite("x-shared", "route"))));
        assertThat(route.responseHeaders().add()).containsExactly(HeaderValue.append("x-served-by", "host"));
        assertThat(route.action()).isEqualTo(own.action());
    }

    @Test
    void redirectAndDirectResponseRoutesAreMatchedLikeAnyOther() {
        Router router = router(Route.directResponse(RouteMatch.prefix("/gone"), new DirectResponse(410, "gone")),
                to(RouteMatch.prefix("/"), "rest"));

        assertThat(router.route(get("orders", "/gone/x")).directResponse().status()).isEqualTo(410);
        assertThat(router.route(get("orders", "/here")).kind()).isEqualTo(Route.Kind.FORWARD);
    }
}
