package io.banyan.sidecar.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ClientKeySource;
import io.banyan.dataplane.config.ClientRateLimitSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.Http1Limits;
import io.banyan.dataplane.config.JwtProviderSettings;
import io.banyan.dataplane.config.JwtRequirementSettings;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.accesslog.AccessLog;
import io.banyan.sidecar.accesslog.AccessLogFormat;
import io.banyan.sidecar.accesslog.AccessLogSettings;
import io.banyan.sidecar.diagnose.RecentFailures;
import io.banyan.sidecar.edge.TestIssuers;
import io.banyan.sidecar.listener.RawHttpConnection.Response;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.testkit.log.LogFiles;
import io.banyan.testkit.upstream.LoopbackServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests answered before the proxy makes an exchange of them, through real listeners: the protocol guards of a
 * sidecar (an oversized head, a head that never ends) and a gateway's end-user policy (no JWT, over the rate limit).
 * Each is one JSON access log line with its status, cause and who answered; none is a failure of the mesh, so the
 * recent-failure ring of {@code /debug/why} stays empty.
 */
class EarlyAnswersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Http1Limits LIMITS = new Http1Limits(8 * 1024, 1024, 100, Duration.ofMillis(300),
            Duration.ofSeconds(30), Duration.ofSeconds(30));

    @RegisterExtension
    final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RecentFailures failures = new RecentFailures();
    private Path accessLog;

    @BeforeEach
    void log() {
        accessLog = dir.resolve("access.log");
        AccessLog log = AccessLog.open(AccessLogSettings.file(accessLog, AccessLogFormat.JSON,
                AccessLogSettings.DEFAULT_MAX_FILE_SIZE, AccessLogSettings.DEFAULT_MAX_FILES), new SimpleMeterRegistry());
        resources.add(log);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private ExchangeObserver observer() {
        return ExchangeObserver.of(List.of((AccessLog) resources.get(0), failures));
    }

    @Test
    void aHeadOverTheHeaderLimitIsOneLine431WithItsRequestLine() throws Exception {
        int port = sidecar();
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET /orders?id=7 HTTP/1.1\r\nHost: orders\r\nx-request-id: big-1\r\nx-big: "
                    + "a".repeat(2048) + "\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(431);
        }

        JsonNode line = onlyLine();
        assertThat(line.get("response_code").asInt()).isEqualTo(431);
        assertThat(line.get("x_banyan_error").asText()).isEqualTo("headers_too_large");
        assertThat(line.get("answered_by").asText()).isEqualTo("protocol_guard");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("path").asText()).isEqualTo("/orders?id=7");
        assertThat(line.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(line.get("listener").asText()).isEqualTo("outbound");
        assertThat(line.get("upstream_request_attempt_count").asInt()).isZero();
        assertThat(line.get("upstream_cluster").isNull()).isTrue();
        assertThat(failures.recorded()).as("a client's 4xx refusal is not a mesh failure").isZero();
    }

    @Test
    void aHeadThatNeverEndsIsOneLine408WithoutARequestLine() throws Exception {
        int port = sidecar();
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET / HTTP/1.1\r\nHost: ord");
            assertThat(client.read().status()).isEqualTo(408);
        }

        JsonNode line = onlyLine();
        assertThat(line.get("response_code").asInt()).isEqualTo(408);
        assertThat(line.get("x_banyan_error").asText()).isEqualTo("request_timeout");
        assertThat(line.get("answered_by").asText()).isEqualTo("protocol_guard");
        assertThat(line.get("method").isNull()).isTrue();
        assertThat(line.get("path").isNull()).isTrue();
        assertThat(line.get("duration").asLong()).as("from the head's first bytes").isEqualTo(300);
        assertThat(failures.recorded()).isZero();
    }

    @Test
    void aRequestWithoutItsJwtIsOneLine401AtTheGateway() throws Exception {
        int port = gateway();
        Response response = get(port, "/orders", "no-token-1");

        assertThat(response.status()).isEqualTo(401);
        JsonNode line = onlyLine();
        assertThat(line.get("response_code").asInt()).isEqualTo(401);
        assertThat(line.get("x_banyan_error").asText()).isEqualTo("unauthenticated");
        assertThat(line.get("answered_by").asText()).isEqualTo("edge_policy");
        assertThat(line.get("path").asText()).isEqualTo("/orders");
        assertThat(line.get("listener").asText()).isEqualTo("gateway");
        assertThat(line.get("request_id").asText()).as("the gateway's own, never a client's").isNotEmpty()
                .isNotEqualTo("no-token-1");
        assertThat(failures.recorded()).isZero();
    }

    @Test
    void aRequestOverTheRateLimitIsOneLine429_thePassedOneAnExchange() throws Exception {
        int port = gateway();
        assertThat(get(port, "/limited", "first").status()).isEqualTo(200);
        assertThat(get(port, "/limited", "second").status()).isEqualTo(429);

        List<String> lines = LogFiles.awaitLines(accessLog, 2);
        JsonNode passed = JSON.readTree(lines.get(0));
        JsonNode limited = JSON.readTree(lines.get(1));
        assertThat(passed.get("answered_by").asText()).isEqualTo("proxy");
        assertThat(passed.get("upstream_request_attempt_count").asInt()).isEqualTo(1);
        assertThat(limited.get("response_code").asInt()).isEqualTo(429);
        assertThat(limited.get("x_banyan_error").asText()).isEqualTo("rate_limited");
        assertThat(limited.get("answered_by").asText()).isEqualTo("edge_policy");
        assertThat(limited.get("upstream_request_attempt_count").asInt()).isZero();
        assertThat(failures.recorded()).isZero();
    }

    private JsonNode onlyLine() throws IOException {
        return JSON.readTree(LogFiles.awaitLines(accessLog, 1).get(0));
    }

    private static Response get(int port, String path, String requestId) throws IOException {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: shop\r\nx-request-id: " + requestId + "\r\n\r\n");
            return client.read();
        }
    }

    /** A sidecar's outbound listener with a 1 KiB head limit and a 300 ms head timeout; its port. */
    private int sidecar() throws Exception {
        DataPlane plane = dataPlanes.start(new SimpleMeterRegistry(),
                builder -> builder.http1Limits(LIMITS).observer(observer()),
                MeshConfigs.oneCluster("outbound", 0, Duration.ofSeconds(5), app()));
        return plane.boundPort("outbound");
    }

    /** A gateway: {@code /orders} needs a JWT, {@code /limited} one request per client; its port. */
    private int gateway() throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new TestIssuers("k1").jwks().toString(), StandardCharsets.UTF_8);
        JwtProviderSettings provider = new JwtProviderSettings("p", TestIssuers.ISSUER, List.of("shop"), jwks, null,
                Duration.ofMinutes(5), Map.of(), false, Duration.ofSeconds(60));
        EdgeListenerSettings edge = new EdgeListenerSettings(Map.of("p", new JwtRequirementSettings(provider, false)),
                1000);
        RouteAction toApp = RouteAction.toCluster("app");
        RouteConfig routes = new RouteConfig("gw", List.of(new VirtualHost("all", List.of("*"), List.of(
                new Route("jwt", RouteMatch.prefix("/orders"), toApp, null, null, HeaderMutations.NONE,
                        HeaderMutations.NONE, new EdgeRouteSettings("p", null, null, null, 0)),
                new Route("limited", RouteMatch.prefix("/limited"), toApp, null, null, HeaderMutations.NONE,
                        HeaderMutations.NONE, new EdgeRouteSettings(null, null,
                        new ClientRateLimitSettings(ClientKeySource.CLIENT_IP, 0.001, 1), null, 0))))));
        ClusterConfig app = new ClusterConfig("app", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(2), UpstreamProtocol.HTTP1, null);
        MeshConfig config = new MeshConfig(
                Map.of("gateway", new ListenerConfig("gateway", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "gw",
                        AuthorizationPolicy.ALLOW_ALL, ListenerConfig.Kind.HTTP, "",
                        ListenerConfig.DEFAULT_TCP_IDLE_TIMEOUT, edge)),
                Map.of("gw", routes), Map.of("app", app),
                Map.of("app", new ClusterEndpoints("app", List.of(new Endpoint("127.0.0.1", app(), 1, "", false,
                        null)))), Map.of());
        DataPlane plane = dataPlanes.start(new SimpleMeterRegistry(), builder -> builder.edge(null).observer(observer()),
                config);
        return plane.boundPort("gateway");
    }

    /** An app answering 200 to everything; its port. */
    private int app() {
        LoopbackServer server = LoopbackServer.start(channel -> channel.pipeline().addLast(new HttpServerCodec(),
                new HttpObjectAggregator(1 << 16), new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                Unpooled.copiedBuffer("app", StandardCharsets.US_ASCII));
                        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 3);
                        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                    }
                }));
        resources.add(server::close);
        return server.port();
    }
}
