package io.banyan.sidecar.admin;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AdminHandlerTest {

    private final AdminRoutes routes = new AdminRoutes(Map.of());

    @Test
    void answersAKeepAliveRequestAndKeepsTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new AdminHandler(routes, AdminAccess.localOnly()));

        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/nothing"));

        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(404);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo(Integer.toString(response.content().readableBytes()));
            assertThat(response.content().toString(StandardCharsets.UTF_8)).startsWith("not found: /nothing");
        } finally {
            response.release();
        }
        assertThat(channel.isOpen()).isTrue();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void closesAfterAnsweringAnHttp10Request() {
        EmbeddedChannel channel = new EmbeddedChannel(new AdminHandler(routes, AdminAccess.localOnly()));

        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/live"));

        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        } finally {
            response.release();
        }
        assertThat(channel.isOpen()).isFalse();
        assertFalse(channel.finishAndReleaseAll());
    }
}
