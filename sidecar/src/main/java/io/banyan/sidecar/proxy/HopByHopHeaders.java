package io.banyan.sidecar.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.List;

/**
 * Removes the hop-by-hop headers of RFC 9110 section 7.6.1 before a message is forwarded: Connection and
 * the headers it names, Keep-Alive, Proxy-Connection, TE, Upgrade. Transfer-Encoding stays: the
 * codec re-frames the body on the next hop from it. {@code TE: trailers} stays too, as Envoy keeps it: gRPC
 * servers expect it and it only says the client accepts trailers, which every hop of ours passes on. Trailer
 * (which fields the trailers will hold) is end-to-end in RFC 9110 section 6.6.2 and stays, as in Envoy.
 */
final class HopByHopHeaders {

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    private HopByHopHeaders() {
    }

    static void strip(HttpHeaders headers) {
        boolean trailers = headers.contains(HttpHeaderNames.TE) && acceptsTrailers(headers);
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
        if (trailers) {
            headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
        headers.remove(HttpHeaderNames.UPGRADE);
    }

    private static boolean acceptsTrailers(HttpHeaders headers) {
        for (String value : headers.getAll(HttpHeaderNames.TE)) {
            for (String token : value.split(",")) {
                String coding = token.strip();
                int parameters = coding.indexOf(';');
                if ((parameters < 0 ? coding : coding.substring(0, parameters).strip())
                        .equalsIgnoreCase(HttpHeaderValues.TRAILERS.toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** As {@link #strip}, but a protocol upgrade passes: {@code Upgrade} as it was, and {@code Connection: upgrade}. */
    static void stripKeepingUpgrade(HttpHeaders headers) {
        List<String> upgrade = headers.getAll(HttpHeaderNames.UPGRADE);
        strip(headers);
        if (!upgrade.isEmpty()) {
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        }
    }
}
