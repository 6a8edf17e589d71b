package io.banyan.sidecar.proxy;

import io.banyan.sidecar.codec.ConnectionHeader;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Readies an upstream response head for the downstream connection: drops hop-by-hop headers, frames a
 * body of unknown length (chunked for HTTP/1.1 clients, close-delimited for HTTP/1.0 ones), speaks the
 * client's HTTP version and says whether the connection stays open.
 */
final class ResponseHeaders {

    private ResponseHeaders() {
    }

    /** Prepares {@code response} in place; returns whether the downstream connection may stay open after it. */
    static boolean prepare(HttpResponse response, HttpRequest request, boolean informational, boolean keepAlive) {
        HopByHopHeaders.strip(response.headers());
        if (!informational && !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response)
                && mayHaveBody(response.status().code(), request.method())) {
            if (request.protocolVersion().isKeepAliveDefault()) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                keepAlive = false; // HTTP/1.0: the close delimits the body
            }
        }
        ConnectionHeader.set(response.headers(), request.protocolVersion(), informational || keepAlive);
        response.setProtocolVersion(request.protocolVersion());
        return keepAlive;
    }

    private static boolean mayHaveBody(int status, HttpMethod method) {
        return status != 204 && status != 304 && !HttpMethod.HEAD.equals(method);
    }
}
