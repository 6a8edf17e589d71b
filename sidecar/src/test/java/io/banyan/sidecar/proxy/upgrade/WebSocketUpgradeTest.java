package io.banyan.sidecar.proxy.upgrade;

import io.banyan.dataplane.config.TunnelSettings;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebSocketUpgradeTest {

    private static HttpRequest request(HttpVersion version, HttpMethod method, String connection, String upgrade) {
        HttpRequest request = new DefaultHttpRequest(version, method, "/ws");
        if (connection != null) {
            request.headers().set("connection", connection);
        }
        if (upgrade != null) {
            request.headers().set("upgrade", upgrade);
        }
        return request;
    }

    @Test
    void aWebSocketUpgradeNeedsTheUpgradeTokenInConnectionAndWebsocketInUpgrade() {
        assertThat(WebSocketUpgrade.isRequested(request(HttpVersion.HTTP_1_1, HttpMethod.GET, "Upgrade", "websocket")))
                .isTrue();
        assertThat(WebSocketUpgrade.isRequested(request(HttpVersion.HTTP_1_1, HttpMethod.GET, "keep-alive, UPGRADE",
                "WebSocket"))).isTrue();
        assertThat(WebSocketUpgrade.isRequested(request(HttpVersion.HTTP_1_1, HttpMethod.GET, "keep-alive", "websocket")))
                .isFalse();
        assertThat(WebSocketUpgrade.isRequested(request(HttpVersion.HTTP_1_1, HttpMethod.GET, "upgrade", "h2c")))
                .isFalse();
        assertThat(WebSocketUpgrade.isRequested(request(HttpVersion.HTTP_1_0, HttpMethod.GET, "upgrade", "websocket")))
                .isFalse();
    }

    @Test
    void onlyABodylessGetIsAcceptable() {
        assertThat(WebSocketUpgrade.isAcceptable(request(HttpVersion.HTTP_1_1, HttpMethod.GET, "upgrade", "websocket")))
                .isTrue();
        assertThat(WebSocketUpgrade.isAcceptable(request(HttpVersion.HTTP_1_1, HttpMethod.POST, "upgrade", "websocket")))
                .isFalse();
        HttpRequest withBody = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "upgrade", "websocket");
        withBody.headers().set("content-length", "5");
        assertThat(WebSocketUpgrade.isAcceptable(withBody)).isFalse();
        HttpRequest chunked = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "upgrade", "websocket");
        chunked.headers().set("transfer-encoding", "chunked");
        assertThat(WebSocketUpgrade.isAcceptable(chunked)).isFalse();
    }

    @Test
    void theUpstreamAcceptsWith101AndSecWebSocketAccept() {
        HttpResponse accepted = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        accepted.headers().set("sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        HttpResponse bare = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        HttpResponse refused = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN);
        refused.headers().set("sec-websocket-accept", "x");

        assertThat(WebSocketUpgrade.isAccepted(accepted)).isTrue();
        assertThat(WebSocketUpgrade.isAccepted(bare)).isFalse();
        assertThat(WebSocketUpgrade.isAccepted(refused)).isFalse();
    }

    @Test
    void tunnelSettingsDefaultToEnvoysStreamIdleTimeoutAndRefuseNegativeOnes() {
        assertThat(TunnelSettings.DEFAULT.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(new TunnelSettings(Duration.ZERO).idleTimeout()).isZero();
        assertThatThrownBy(() -> new TunnelSettings(Duration.ofSeconds(-1)))
                .hasMessage("idleTimeout: PT-1S (expected: >= 0, 0 disables it)");
    }
}
