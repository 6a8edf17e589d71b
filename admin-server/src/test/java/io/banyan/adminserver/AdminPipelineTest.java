package io.banyan.adminserver;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The admin pipeline's handlers on an EmbeddedChannel (dispatch runs inline through a direct executor). */
class AdminPipelineTest {

    private static EmbeddedChannel channel() {
        RouteTable routes = new RouteTable().add("GET", "/v1/echo/{name}",
                request -> AdminResponse.text(200, "text/plain", request.pathParam("name")));
        AdminDispatcher dispatcher = new AdminDispatcher(routes, new BearerAuth("t"), new SimpleMeterRegistry());
        return new EmbeddedChannel(new ProblemAggregator(dispatcher), new AdminHandler(dispatcher, Runnable::run, false));
    }

    /** Sends {@code GET uri} with the token and returns the answer (the caller releases it). */
    private static FullHttpResponse authorizedGet(EmbeddedChannel channel, HttpVersion version, String uri) {
        FullHttpRequest request = new DefaultFullHttpRequest(version, HttpMethod.GET, uri);
        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer t");
        channel.writeInbound(request);
        return channel.readOutbound();
    }

    @Test
    void routesAndAnswersWithContentLength() {
        EmbeddedChannel channel = channel();
        FullHttpResponse response = authorizedGet(channel, HttpVersion.HTTP_1_1, "/v1/echo/abc?x=1");
        try {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
            assertThat(HttpUtil.getContentLength(response)).isEqualTo(3);
            assertThat(channel.isOpen()).isTrue();
        } finally {
            response.release();
        }
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void answersAKeepAliveRequestAndKeepsTheConnection() {
        EmbeddedChannel channel = channel();
        FullHttpResponse response = authorizedGet(channel, HttpVersion.HTTP_1_1, "/nothing");
        try {
            assertThat(response.status().code()).isEqualTo(404);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
            assertThat(HttpUtil.getContentLength(response)).isEqualTo(response.content().readableBytes());
            assertThat(response.content().toString(StandardCharsets.UTF_8))
                    .contains("\"detail\":\"not found: /nothing (expected: one of /v1/echo/{name})\"");
        } finally {
            response.release();
        }
        assertThat(channel.isOpen()).isTrue();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void closesAfterAnsweringAnHttp10Request() {
        EmbeddedChannel channel = channel();
        FullHttpResponse response = authorizedGet(channel, HttpVersion.HTTP_1_0, "/v1/echo/abc");
        try {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(HttpUtil.isKeepAlive(response)).isFalse();
        } finally {
            response.release();
        }
        assertThat(channel.isOpen()).isFalse();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void oversizedBodyGetsProblem413AndClose() {
        EmbeddedChannel channel = channel();
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/echo/abc");
        HttpUtil.setContentLength(head, ProblemAggregator.MAX_BODY_BYTES + 1L);
        channel.writeInbound(head);
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(413);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"status\":413");
        } finally {
            response.release();
        }
        assertThat(channel.isOpen()).isFalse();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void decoderFailureIsA400Problem() {
        EmbeddedChannel channel = channel();
        FullHttpRequest bad = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/echo/x");
        bad.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(new IllegalArgumentException("bad header")));
        channel.writeInbound(bad);
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("request: not valid HTTP/1.1")
                    .doesNotContain("Exception");
        } finally {
            response.release();
        }
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void routeTableSays404And405() {
        RouteTable routes = new RouteTable()
                .add("GET", "/v1/things/{id}", r -> AdminResponse.noContent())
                .add("DELETE", "/v1/things/{id}", r -> AdminResponse.noContent());
        AdminDispatcher dispatcher = new AdminDispatcher(routes, new BearerAuth(""), new SimpleMeterRegistry());
        AdminResponse notFound = dispatcher.dispatch(new AdminRequest("GET", "/v1/things", null, null, null, null));
        assertThat(notFound.status()).isEqualTo(404);
        AdminResponse wrongMethod = dispatcher.dispatch(new AdminRequest("POST", "/v1/things/1", null, null, null, null));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.headers()).containsEntry("Allow", "GET, HEAD, DELETE");
        assertThat(dispatcher.dispatch(new AdminRequest("DELETE", "/v1/things/1", null, null, null, null)).status())
                .isEqualTo(204);
    }
}
