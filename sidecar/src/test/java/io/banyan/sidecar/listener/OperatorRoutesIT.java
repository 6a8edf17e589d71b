package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.DirectResponse;
import io.banyan.dataplane.config.HeaderMatcher;
import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.HeaderValue;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.QueryParameterMatcher;
import io.banyan.dataplane.config.RedirectAction;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.listener.RawHttpConnection.Response;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.banyan.sidecar.listener.MeshConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator routes on a real outbound listener with two real upstreams ({@code stable}, {@code canary}): requests go
 * to one or the other by header, method, query parameter and path template; redirects and direct responses are
 * answered by the proxy on HTTP/1.1 and on HTTP/2 (h2c, curl) without contacting an upstream, and counted; a prefix
 * rewrite reaches the upstream; header mutations of the route and its virtual host apply both ways.
 */
class OperatorRoutesIT {

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private ScriptedUpstream stable;
    private ScriptedUpstream canary;
    private int port;

    @BeforeEach
    void start() throws Exception {
        stable = new ScriptedUpstream();
        canary = new ScriptedUpstream();
        dataPlanes.start(config());
        port = dataPlanes.outboundPort();
    }

    @AfterEach
    void stop() {
        stable.close();
        canary.close();
    }

    private static Route to(RouteMatch match, String cluster) {
        return new Route(match, RouteAction.toCluster(cluster));
    }

    private MeshConfig config() {
        Route rewritten = new Route("orders-v2", RouteMatch.prefix("/api/orders"),
                RouteAction.toCluster("stable").withPrefixRewrite("/v2/orders"), null, null,
                new HeaderMutations(List.of("x-c"), List.of(HeaderValue.append("x-a", "1"),
                        HeaderValue.overwrite("x-b", "2"))),
                new HeaderMutations(List.of("x-body-bytes"), List.of(HeaderValue.overwrite("x-route", "orders-v2"))));
        VirtualHost all = new VirtualHost("all", List.of("*"), List.of(
                to(RouteMatch.prefix("/").withHeaders(HeaderMatcher.exact("x-canary", "1")), "canary"),
                to(RouteMatch.path("/submit").withHeaders(HeaderMatcher.exact(":method", "POST")), "canary"),
                to(RouteMatch.prefix("/q").withQueryParameters(QueryParameterMatcher.exact("v", "2")), "canary"),
                to(RouteMatch.template("/orders/*/items"), "canary"),
                Route.redirect(RouteMatch.prefix("/old"),
                        new RedirectAction("https", "new.example.com", 0, null, "/new", 301, false)),
                Route.directResponse(RouteMatch.prefix("/gone"), new DirectResponse(410, "gone\n")),
                rewritten,
                new Route("ghost", RouteMatch.prefix("/ghost"), RouteAction.toCluster("absent"), null, null,
                        HeaderMutations.NONE,
                        new HeaderMutations(List.of(), List.of(HeaderValue.overwrite("x-route", "ghost")))),
                to(RouteMatch.prefix("/"), "stable")),
                new HeaderMutations(List.of(), List.of(HeaderValue.overwrite("x-mesh-host", "all"))),
                new HeaderMutations(List.of(), List.of(HeaderValue.overwrite("x-vhost", "all"))));
        return new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "rc")),
                Map.of("rc", new RouteConfig("rc", List.of(all))),
                Map.of("stable", cluster("stable"), "canary", cluster("canary")),
                Map.of("stable", new ClusterEndpoints("stable", List.of(endpoint(stable.port()))),
                        "canary", new ClusterEndpoints("canary", List.of(endpoint(canary.port())))),
                Map.of());
    }

    private static ClusterConfig cluster(String name) {
        return new ClusterConfig(name, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
                UpstreamProtocol.HTTP1, null);
    }

    private Response send(String head) throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send(head + "Host: orders\r\n\r\n");
            return client.read();
        }
    }

    @Test
    void headersMethodsQueryParametersAndTemplatesChooseTheCluster() throws Exception {
        assertThat(send("GET /x HTTP/1.1\r\nx-canary: 1\r\n").status()).isEqualTo(200);
        assertThat(send("POST /submit HTTP/1.1\r\nContent-Length: 0\r\n").status()).isEqualTo(200);
        assertThat(send("GET /q?a=1&v=2 HTTP/1.1\r\n").status()).isEqualTo(200);
        assertThat(send("GET /orders/42/items HTTP/1.1\r\n").status()).isEqualTo(200);
        assertThat(canary.seen()).extracting(ScriptedUpstream.Seen::uri)
                .containsExactly("/x", "/submit", "/q?a=1&v=2", "/orders/42/items");

        assertThat(send("GET /x HTTP/1.1\r\nx-canary: 2\r\n").status()).isEqualTo(200);
        assertThat(send("GET /submit HTTP/1.1\r\n").status()).isEqualTo(200);
        assertThat(send("GET /q?v=3 HTTP/1.1\r\n").status()).isEqualTo(200);
        assertThat(send("GET /orders/42/items/1 HTTP/1.1\r\n").status()).isEqualTo(200);
        assertThat(stable.seen()).extracting(ScriptedUpstream.Seen::uri)
                .containsExactly("/x", "/submit", "/q?v=3", "/orders/42/items/1");
        assertThat(canary.seen()).hasSize(4);
    }

    @Test
    void aRedirectIsAnsweredByTheProxyWithTheLocationBuiltFromTheRequest() throws Exception {
        Response response = send("GET /old/page?id=7 HTTP/1.1\r\n");

        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("location")).isEqualTo("https://new.example.com/new/page?id=7");
        assertThat(response.header("content-length")).isEqualTo("0");
        assertThat(response.header("x-vhost")).isEqualTo("all");
        assertThat(stable.seen()).isEmpty();
        assertThat(canary.seen()).isEmpty();
    }

    @Test
    void aDirectResponseIsAnsweredByTheProxyAndTheConnectionServesTheNextRequest() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET /gone HTTP/1.1\r\nHost: orders\r\n\r\n");
            Response gone = client.read();
            client.send("GET /here HTTP/1.1\r\nHost: orders\r\n\r\n");
            Response here = client.read();

            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.bodyText()).isEqualTo("gone\n");
            assertThat(gone.header("content-type")).isEqualTo("text/plain");
            assertThat(here.status()).isEqualTo(200);
        }
        assertThat(stable.seen()).extracting(ScriptedUpstream.Seen::uri).containsExactly("/here");
        assertThat(dataPlanes.registry().find(MetricNames.REQUESTS).tag("status_class", "4xx").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aHeadRequestGetsTheDirectResponsesHeadOnly() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("HEAD /gone HTTP/1.1\r\nHost: orders\r\n\r\n");
            Response head = client.read(true);
            client.send("GET /gone HTTP/1.1\r\nHost: orders\r\n\r\n");
            Response next = client.read();

            assertThat(head.status()).isEqualTo(410);
            assertThat(head.header("content-length")).isEqualTo("5");
            assertThat(next.bodyText()).isEqualTo("gone\n"); // no stray body bytes before the next response
        }
    }

    @Test
    void redirectsAndDirectResponsesOverHttp2() throws Exception {
        List<String> gone = Commands.run("curl", "-sS", "--http2-prior-knowledge", "-o", "-", "-w",
                "\n%{http_version} %{http_code}", "-H", "Host: orders", "http://127.0.0.1:" + port + "/gone");
        List<String> moved = Commands.run("curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-w",
                "%{http_version} %{http_code} %{redirect_url}", "-H", "Host: shop:8080",
                "http://127.0.0.1:" + port + "/old?x=1");

        assertThat(gone).containsExactly("gone", "", "2 410");
        assertThat(moved).containsExactly("2 301 https://new.example.com:8080/new?x=1"); // as Envoy: a non-default port is kept
        assertThat(stable.seen()).isEmpty();
    }

    @Test
    void theMatchedRoutesResponseHeadersApplyToTheProxysOwnErrorReply_asEnvoysRouterLocalReplies() throws Exception {
        Response response = send("GET /ghost HTTP/1.1\r\n");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("x-banyan-error")).isEqualTo("no_cluster");
        assertThat(response.header("x-route")).isEqualTo("ghost");
        assertThat(response.header("x-vhost")).isEqualTo("all");
    }

    @Test
    void aPrefixRewriteAndHeaderMutationsApplyBothWays() throws Exception {
        Response response = send("GET /api/orders/7?full=1 HTTP/1.1\r\nx-b: old\r\nx-c: secret\r\nx-a: 0\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-route")).isEqualTo("orders-v2");
        assertThat(response.header("x-vhost")).isEqualTo("all");
        assertThat(response.headers()).doesNotContainKey("x-body-bytes");
        ScriptedUpstream.Seen seen = stable.seen().get(0);
        assertThat(seen.uri()).isEqualTo("/v2/orders/7?full=1");
        assertThat(seen.headers().getAll("x-a")).containsExactly("0", "1");
        assertThat(seen.headers().getAll("x-b")).containsExactly("2");
        assertThat(seen.headers().contains("x-c")).isFalse();
        assertThat(seen.headers().get("x-mesh-host")).isEqualTo("all");
    }
}
