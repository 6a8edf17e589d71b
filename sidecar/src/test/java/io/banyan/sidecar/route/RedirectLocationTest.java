package io.banyan.sidecar.route;

import io.banyan.dataplane.config.RedirectAction;
import io.banyan.dataplane.config.RouteMatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Location of a redirect, built from the request and what the redirect replaces; and the prefix rewrite. */
class RedirectLocationTest {

    private static final RouteMatch OLD = RouteMatch.prefix("/old");

    private static String location(RedirectAction redirect, String scheme, String authority, String target) {
        return RedirectLocation.of(redirect, OLD, scheme, authority, target);
    }

    @Test
    void keepsWhatTheRedirectDoesNotSet() {
        assertThat(location(new RedirectAction(null, "new.example.com", 0, null, null, 301, false), "http",
                "shop.example.com:8080", "/old/a?x=1")).isEqualTo("http://new.example.com:8080/old/a?x=1");
        assertThat(location(new RedirectAction(null, null, 0, "/x", null, 302, false), "http", "shop", "/old/a?x=1"))
                .isEqualTo("http://shop/x?x=1");
    }

    @Test
    void aSchemeChangeDropsOnlyTheOldSchemesDefaultPortAndDefaultPortsAreLeftOut() {
        assertThat(location(RedirectAction.toScheme("https"), "http", "shop.example.com:8080", "/old?q"))
                .isEqualTo("https://shop.example.com:8080/old?q"); // as Envoy: a non-default port is kept
        assertThat(location(RedirectAction.toScheme("https"), "http", "shop.example.com:80", "/old?q"))
                .isEqualTo("https://shop.example.com/old?q");
        assertThat(location(RedirectAction.toScheme("http"), "https", "shop:443", "/")).isEqualTo("http://shop/");
        assertThat(location(RedirectAction.toScheme("http"), "https", "[::1]:8443", "/")).isEqualTo("http://[::1]:8443/");
        assertThat(location(new RedirectAction("https", null, 8443, null, null, 301, false), "http", "shop:80", "/"))
                .isEqualTo("https://shop:8443/");
        assertThat(location(new RedirectAction(null, null, 443, null, null, 301, false), "https", "shop", "/"))
                .isEqualTo("https://shop/");
        assertThat(location(new RedirectAction(null, "other:9000", 0, null, null, 301, false), "http", "shop:80", "/"))
                .isEqualTo("http://other:9000/");
    }

    @Test
    void rewritesThePathWholeOrByPrefixAndStripsTheQueryWhenAsked() {
        assertThat(location(new RedirectAction(null, null, 0, null, "/new", 308, false), "http", "shop", "/old/a?x=1"))
                .isEqualTo("http://shop/new/a?x=1");
        assertThat(location(new RedirectAction(null, null, 0, null, "/new", 308, true), "http", "shop", "/old/a?x=1"))
                .isEqualTo("http://shop/new/a");
        assertThat(location(new RedirectAction(null, null, 0, "/x?y=2", null, 301, false), "http", "shop", "/old?x=1"))
                .isEqualTo("http://shop/x?y=2");
        assertThat(location(new RedirectAction(null, "[::1]", 0, null, null, 301, false), "http", "[::2]:81", "/"))
                .isEqualTo("http://[::1]:81/");
        assertThat(location(RedirectAction.toScheme("https"), "http", null, "/")).isEqualTo("https://localhost/");
    }

    @Test
    void aPrefixRewriteReplacesTheMatchedPrefixOrWholePath() {
        assertThat(PrefixRewrite.apply(RouteMatch.prefix("/api/orders"), "/v2/orders", "/api/orders/7?x=1"))
                .isEqualTo("/v2/orders/7?x=1");
        assertThat(PrefixRewrite.apply(RouteMatch.prefix("/api/"), "/", "/api/orders")).isEqualTo("/orders");
        assertThat(PrefixRewrite.apply(RouteMatch.path("/a"), "/b", "/a?q")).isEqualTo("/b?q");
    }
}
