package io.banyan.sidecar.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Removes the hop-by-hop headers of RFC 9110 section 7.6.1 before a message is forwarded: Connection and
 * the headers it names, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade. Transfer-Encoding stays: the
 * codec re-frames the body on the next hop from it.
 */
final class HopByHopHeaders {

    private static final String PROXY_CONNECTION = "proxy-connection";

    private HopByHopHeaders() {
    }

    static void strip(HttpHeaders headers) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            if (!HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(connection)
                    && !HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(connection)) {
                for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                    for (String token : value.split(",")) {
                        String name = token.trim();
                        if (!name.isEmpty() && !HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) {
                            headers.remove(name);
                        }
                    }
                }
            }
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.TE);
        headers.remove(HttpHeaderNames.TRAILER);
        headers.remove(HttpHeaderNames.UPGRADE);
    }
}
