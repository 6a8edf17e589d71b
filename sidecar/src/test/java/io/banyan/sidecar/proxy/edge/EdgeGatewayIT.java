package io.banyan.sidecar.proxy.edge;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.config.JwtProviderSettings;
import io.banyan.dataplane.config.JwtRequirementSettings;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.edge.ClientBuckets;
import io.banyan.sidecar.edge.EdgeGate;
import io.banyan.sidecar.edge.JwksSources;
import io.banyan.sidecar.edge.JwtVerifiers;
import io.banyan.sidecar.edge.TestIssuers;
import io.banyan.sidecar.metrics.EdgeMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.banyan.testkit.upstream.LoopbackServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway pipeline on a real socket (codec → edge → an app that reports what reached it), verifying tokens against
 * a JWKS served over real HTTPS on loopback: keys fetched off the event loop before the first answer, a rotation found
 * through an unknown key id, credentials never reaching the app, bodies cut at the limit.
 */
class EdgeGatewayIT {

    private static final String ISSUER = TestIssuers.ISSUER;

    private final TestIssuers first = new TestIssuers("k1");
    private final AtomicReference<JWKSet> served = new AtomicReference<>(first.jwks());
    private final AtomicInteger fetches = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpsServer jwksServer;
    private LoopbackServer gateway;
    private JwtVerifiers verifiers;

    @BeforeEach
    void start() throws Exception {
        LoopbackHttpsCertificate certificate = new LoopbackHttpsCertificate();
        jwksServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.setHttpsConfigurator(new HttpsConfigurator(certificate.server()));
        jwksServer.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                new ByteArrayInputStream(body).transferTo(out);
            }
        });
        jwksServer.start();
        JwtProviderSettings provider = new JwtProviderSettings("p", ISSUER, List.of("shop"), null,
                URI.create("https://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json"),
                Duration.ofMinutes(5), Map.of("sub", "x-user-id"), false, Duration.ofSeconds(60));
        verifiers = new JwtVerifiers(new JwksSources(executor, certificate.trusting(), Ticker.system()),
                Clock.systemUTC());
        EdgeGate gate = new EdgeGate(new EdgeListenerSettings(Map.of("p", new JwtRequirementSettings(provider, false)),
                1000), verifiers, new ClientBuckets(Ticker.system(), 1000));
        EdgeRouteResolver routes = request -> request.uri().startsWith("/upload")
                ? new EdgeRouteSettings(null, null, null, null, 16)
                : new EdgeRouteSettings("p", null, null, null, 0);
        gateway = LoopbackServer.start(channel -> channel.pipeline().addLast(new HttpServerCodec(),
                new EdgeFilterHandler(() -> gate, routes,
                        new EdgeMeters(new SimpleMeterRegistry())), new HttpObjectAggregator(1 << 20), new ReportingApp()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        verifiers.close();
        jwksServer.stop(0);
        executor.shutdownNow();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30)) // a bound on a hang, not a timing assertion
                .header("x-user-id", "mallory");
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aValidTokenReachesTheAppAsItsClaimsAndNeverAsItself() throws Exception {
        HttpResponse<String> response = get("/orders", "Bearer " + first.rs256(TestIssuers.claims(java.time.Instant.now()).build()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("user=alice authorization=null");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void noTokenIs401WithAChallengeAndTheAppIsNotAsked() throws Exception {
        HttpResponse<String> response = get("/orders", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"banyan\"");
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("unauthenticated");
    }

    @Test
    void rotatedKeysAreFetchedWhenATokenNamesANewKeyId() throws Exception {
        assertThat(get("/orders", "Bearer " + first.es256(TestIssuers.claims(java.time.Instant.now()).build()))
                .statusCode()).isEqualTo(200);
        TestIssuers rotated = new TestIssuers("k2");
        served.set(rotated.jwks());

        HttpResponse<String> response = get("/orders", "Bearer " + rotated.edDsa(TestIssuers.claims(java.time.Instant.now())
                .build()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fetches).hasValue(2);
        assertThat(get("/orders", "Bearer " + new TestIssuers("k3").rs256(TestIssuers.claims(java.time.Instant.now())
                .build())).statusCode()).isEqualTo(401); // another unknown key id within 30 s: no fetch, refused
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aStreamedBodyOverTheLimitIs413() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/upload"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[64]))).build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("payload_too_large");
    }

    /** Answers with what reached it of the identity headers. */
    private static final class ReportingApp extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String body = "user=" + request.headers().get("x-user-id") + " authorization="
                    + request.headers().get(HttpHeaderNames.AUTHORIZATION);
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            ctx.writeAndFlush(response).addListener(HttpUtil.isKeepAlive(request) ? ChannelFutureListener.CLOSE_ON_FAILURE
                    : ChannelFutureListener.CLOSE);
        }
    }
}
