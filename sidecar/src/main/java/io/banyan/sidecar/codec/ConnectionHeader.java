package io.banyan.sidecar.codec;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

/** Sets the downstream Connection header by HTTP/1.x rules: say close on 1.1, say keep-alive on 1.0. */
public final class ConnectionHeader {

    private ConnectionHeader() {
    }

    public static void set(HttpHeaders headers, HttpVersion version, boolean keepAlive) {
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!version.isKeepAliveDefault()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
