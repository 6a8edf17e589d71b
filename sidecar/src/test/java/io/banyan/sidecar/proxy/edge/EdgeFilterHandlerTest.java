package io.banyan.sidecar.proxy.edge;

import com.nimbusds.jose.jwk.JWKSet;
import io.banyan.api.xds.ApiKeyHash;
import io.banyan.api.xds.EdgeFilters;
import io.banyan.dataplane.config.ApiKeySettings;
import io.banyan.dataplane.config.CorsSettings;
import io.banyan.dataplane.config.CorsSettings.OriginMatcher;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.config.JwtProviderSettings;
import io.banyan.dataplane.config.JwtRequirementSettings;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.edge.ClientBuckets;
import io.banyan.sidecar.edge.EdgeGate;
import io.banyan.sidecar.edge.JwksSource;
import io.banyan.sidecar.edge.JwtVerifiers;
import io.banyan.sidecar.edge.TestIssuers;
import io.banyan.sidecar.metrics.EdgeMeters;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.banyan.testkit.time.FakeClock;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EdgeFilterHandlerTest {

    private static final String KEY = "partner-a-key-0123456789";
    private static final CorsSettings CORS = new CorsSettings(List.of(new OriginMatcher(OriginMatcher.Kind.EXACT,
            "https://shop.example.com")), "GET,POST", "", "x-total", 60, false);

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EdgeGate gate = new EdgeGate(EdgeListenerSettings.NONE, new JwtVerifiers(provider -> {
        throw new AssertionError("no JWT here");
    }, clock), new ClientBuckets(clock::nanoTime, 100));

    private EmbeddedChannel channel(EdgeRouteSettings route) {
        return new EmbeddedChannel(new EdgeFilterHandler(() -> gate, request -> route, new EdgeMeters(registry)));
    }

    private static HttpRequest post(String uri) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
        request.headers().set(HttpHeaderNames.HOST, "shop");
        return request;
    }

    private static HttpContent chunk(int bytes) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[bytes]));
    }

    @Test
    void anAcceptedRequestGoesOnChangedAndItsResponseGetsTheCorsHeaders() {
        EmbeddedChannel channel = channel(new EdgeRouteSettings(null, keys("x-api-key", null), null, CORS, 0));
        HttpRequest request = post("/orders");
        request.headers().set("x-api-key", KEY).set("origin", "https://shop.example.com")
                .set(EdgeFilters.API_KEY_NAME_HEADER, "forged");

        channel.writeInbound(request, new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[3])));
        HttpRequest forwarded = channel.readInbound();
        assertThat(forwarded.headers().contains("x-api-key")).isFalse();
        assertThat(forwarded.headers().getAll(EdgeFilters.API_KEY_NAME_HEADER)).containsExactly("partner-a");
        LastHttpContent body = channel.readInbound();
        assertThat(body.content().readableBytes()).isEqualTo(3);
        body.release();

        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        HttpResponse response = channel.readOutbound();
        assertThat(response.headers().get("access-control-allow-origin")).isEqualTo("https://shop.example.com");
        assertThat(response.headers().get("access-control-expose-headers")).isEqualTo("x-total");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aRequestDecidedOnceTheKeysLoadGoesOnWithItsBody_thenTheReadCompletes_andAPipelinedOneWaitsItsTurn() {
        TestIssuers issuers = new TestIssuers("later");
        CompletableFuture<JWKSet> firstLoad = new CompletableFuture<>();
        AtomicReference<JWKSet> keys = new AtomicReference<>();
        JwksSource loading = new JwksSource() {
            @Override
            public JWKSet current() {
                return keys.get();
            }

            @Override
            public CompletableFuture<JWKSet> firstLoad() {
                return firstLoad;
            }

            @Override
            public Optional<CompletableFuture<JWKSet>> reloadForUnknownKey() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        JwtProviderSettings provider = new JwtProviderSettings("p", TestIssuers.ISSUER, List.of("shop"),
                Path.of("/jwks.json"), null, Duration.ofMinutes(5), Map.of(), false, Duration.ofSeconds(60));
        EdgeGate later = new EdgeGate(new EdgeListenerSettings(Map.of("p", new JwtRequirementSettings(provider, false)),
                100), new JwtVerifiers(settings -> loading, clock), new ClientBuckets(clock::nanoTime, 100));
        List<String> proxySaw = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new EdgeFilterHandler(() -> later,
                request -> new EdgeRouteSettings("p", null, null, null, 0), new EdgeMeters(registry)),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        proxySaw.add(msg instanceof HttpRequest ? "request" : msg instanceof LastHttpContent ? "last"
                                : "other");
                        ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        proxySaw.add("readComplete");
                    }
                });
        HttpRequest request = post("/orders");
        request.headers().set(HttpHeaderNames.AUTHORIZATION,
                "Bearer " + issuers.rs256(TestIssuers.claims(clock.instant()).build()));

        HttpRequest pipelinedWithoutToken = post("/orders");
        HttpUtil.setKeepAlive(pipelinedWithoutToken, true);

        channel.writeInbound(request, new DefaultLastHttpContent(), pipelinedWithoutToken, new DefaultLastHttpContent());
        assertThat(proxySaw).containsExactly("readComplete"); // both heads wait for the keys
        proxySaw.clear();
        keys.set(issuers.jwks());
        firstLoad.complete(issuers.jwks());
        channel.runPendingTasks();

        assertThat(proxySaw).containsExactly("request", "last", "readComplete");
        assertThat((Object) channel.readOutbound()).as("the pipelined request waits for the response before it").isNull();
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        HttpResponse first = channel.readOutbound();
        assertThat(first.status()).isEqualTo(HttpResponseStatus.OK);
        ReferenceCountUtil.release(first);
        channel.runPendingTasks();
        HttpResponse refused = channel.readOutbound();
        assertThat(refused.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        ReferenceCountUtil.release(refused);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aQueryKeyIsTakenOutOfTheUri() {
        EmbeddedChannel channel = channel(new EdgeRouteSettings(null, keys(null, "api_key"), null, null, 0));

        channel.writeInbound(post("/orders?x=1&api_key=" + KEY + "&y=2"));

        HttpRequest forwarded = channel.readInbound();
        assertThat(forwarded.uri()).isEqualTo("/orders?x=1&y=2");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aRequestTheEdgeChangesOntoARouteWithAnotherPolicyIsRefused_neverForwardedUncheckedByThatPolicy() {
        EdgeRouteSettings checked = new EdgeRouteSettings(null, keys("x-api-key", null), null, null, 0);
        EdgeRouteSettings stricter = new EdgeRouteSettings(null, keys("x-other-key", null), null, null, 0);
        // as a table [Y: header x-api-key-name present, policy B; X: policy A]: the key's name the edge sets moves it
        EmbeddedChannel channel = new EmbeddedChannel(new EdgeFilterHandler(() -> gate,
                request -> request.headers().contains(EdgeFilters.API_KEY_NAME_HEADER) ? stricter : checked,
                new EdgeMeters(registry)));
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/orders");
        request.headers().set("x-api-key", KEY);

        channel.writeInbound(request, LastHttpContent.EMPTY_LAST_CONTENT);

        assertThat((Object) channel.readInbound()).as("nothing forwarded").isNull();
        HttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(403);
        assertThat(response.headers().get(ErrorCause.HEADER)).isEqualTo("forbidden");
        ReferenceCountUtil.release(response);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aRefusedBodylessRequestIsAnsweredAndTheConnectionKept() {
        EmbeddedChannel channel = channel(new EdgeRouteSettings(null, keys("x-api-key", null), null, null, 0));
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/orders");

        channel.writeInbound(request, LastHttpContent.EMPTY_LAST_CONTENT);

        assertThat((Object) channel.readInbound()).isNull();
        HttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(401);
        assertThat(response.headers().get(ErrorCause.HEADER)).isEqualTo("unauthenticated");
        assertThat(response.headers().get("www-authenticate")).isEqualTo("ApiKey realm=\"banyan\"");
        assertThat(channel.isOpen()).isTrue();
        assertThat(registry.get(MetricNames.EDGE_ANSWERS).tag("outcome", "unauthenticated").counter().count())
                .isEqualTo(1);
        ReferenceCountUtil.release(response);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aRefusedRequestWithABodyIsAnsweredThenTheConnectionClosed() {
        EmbeddedChannel channel = channel(new EdgeRouteSettings(null, keys("x-api-key", null), null, null, 0));
        HttpRequest request = post("/orders");
        HttpUtil.setTransferEncodingChunked(request, true);

        channel.writeInbound(request, chunk(10), chunk(10));

        assertThat((Object) channel.readInbound()).isNull();
        HttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(401);
        assertThat(channel.isOpen()).isFalse();
        ReferenceCountUtil.release(response);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheUpstream() {
        EmbeddedChannel channel = channel(new EdgeRouteSettings(null, null, null, null, 10));
        HttpRequest request = post("/upload");
        HttpUtil.setContentLength(request, 11);

        channel.writeInbound(request, new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[11])));

        assertThat((Object) channel.readInbound()).isNull();
        HttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(413);
        assertThat(response.headers().get(ErrorCause.HEADER)).isEqualTo("payload_too_large");
        ReferenceCountUtil.release(response);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aStreamedBodyCrossingTheLimitIs413AndTheRequestReset() {
        EmbeddedChannel channel = channel(new EdgeRouteSettings(null, null, null, null, 10));
        HttpRequest request = post("/upload");
        HttpUtil.setTransferEncodingChunked(request, true);

        channel.writeInbound(request, chunk(6));
        assertThat((Object) channel.readInbound()).isInstanceOf(HttpRequest.class);
        HttpContent first = channel.readInbound();
        first.release();
        channel.writeInbound(chunk(6));

        assertThat((Object) channel.readInbound()).isNull();
        HttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(413);
        assertThat(channel.isOpen()).isFalse();
        assertThat(registry.get(MetricNames.EDGE_ANSWERS).tag("outcome", "payload_too_large").counter().count())
                .isEqualTo(1);
        ReferenceCountUtil.release(response);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aStreamedBodyCrossingTheLimitAfterTheResponseStartedOnlyResets() {
        EmbeddedChannel channel = channel(new EdgeRouteSettings(null, null, null, null, 10));
        HttpRequest request = post("/upload");
        HttpUtil.setTransferEncodingChunked(request, true);
        channel.writeInbound(request);
        ReferenceCountUtil.release(channel.readInbound());
        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        ReferenceCountUtil.release(channel.readOutbound());

        channel.writeInbound(chunk(11));

        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aPreflightFromAnAllowedOriginIs204() {
        EmbeddedChannel channel = channel(new EdgeRouteSettings(null, keys("x-api-key", null), null, CORS, 0));
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "/orders");
        request.headers().set("origin", "https://shop.example.com").set("access-control-request-method", "POST");

        channel.writeInbound(request, LastHttpContent.EMPTY_LAST_CONTENT);

        HttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(204);
        assertThat(response.headers().get("access-control-allow-methods")).isEqualTo("GET,POST");
        assertThat(response.headers().get("access-control-max-age")).isEqualTo("60");
        ReferenceCountUtil.release(response);
        assertThatCode(channel::checkException).doesNotThrowAnyException();
        assertFalse(channel.finishAndReleaseAll());
    }

    static ApiKeySettings keys(String header, String query) {
        String hash = ApiKeyHash.hex(KEY);
        return new ApiKeySettings(header, query, List.of(new ApiKeySettings.Credential(hash, "partner-a")));
    }
}
