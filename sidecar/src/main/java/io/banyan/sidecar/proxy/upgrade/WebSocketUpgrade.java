package io.banyan.sidecar.proxy.upgrade;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Recognises a WebSocket upgrade (RFC 6455 section 4) and the upstream's consent to it. Other upgrade tokens
 * (h2c, ...) are not upgrades here: their Upgrade header is dropped as hop-by-hop and the request served as HTTP.
 */
public final class WebSocketUpgrade {

    /** The {@code type} tag of the upgrade counter, as Envoy's {@code upgrade_type}. */
    public static final String TYPE = "websocket";

    private WebSocketUpgrade() {
    }

    /** Whether {@code request} is HTTP/1.1 and asks for {@code Upgrade: websocket} with a {@code Connection: upgrade} token. */
    public static boolean isRequested(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return HttpVersion.HTTP_1_1.equals(request.protocolVersion())
                && hasToken(headers, HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                && hasToken(headers, HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    }

    /** Whether a requested upgrade may be forwarded: a GET without a body (Envoy refuses upgrades with one). */
    public static boolean isAcceptable(HttpRequest request) {
        return HttpMethod.GET.equals(request.method()) && !HttpUtil.isTransferEncodingChunked(request)
                && HttpUtil.getContentLength(request, 0L) == 0;
    }

    /** Whether {@code response} switches to WebSocket: a 101 carrying {@code Sec-WebSocket-Accept}. */
    public static boolean isAccepted(HttpResponse response) {
        return response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()
                && response.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
    }

    private static boolean hasToken(HttpHeaders headers, CharSequence name, CharSequence token) {
        if (!headers.contains(name)) {
            return false; // nearly every request: no list is made for it
        }
        for (String value : headers.getAll(name)) {
            for (String part : value.split(",")) {
                if (token.toString().equalsIgnoreCase(part.trim())) {
                    return true;
                }
            }
        }
        return false;
    }
}
