package io.banyan.sidecar.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.util.List;

/**
 * What the codec lets through but a proxy must refuse (request smuggling, RFC 9112 section 6): a
 * Transfer-Encoding other than exactly {@code chunked}, more than one Host, more header fields than allowed.
 */
final class RequestHeadRules {

    private RequestHeadRules() {
    }

    /** The rule {@code request} breaks, or null. */
    static Rejection check(HttpRequest request, int maxHeaderCount) {
        HttpHeaders headers = request.headers();
        if (headers.size() > maxHeaderCount) {
            return Rejection.TOO_MANY_HEADERS;
        }
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (codings.size() != 1 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).trim())) {
                return Rejection.TRANSFER_ENCODING_NOT_CHUNKED;
            }
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return Rejection.CONTENT_LENGTH_AND_TRANSFER_ENCODING;
            }
        }
        if (headers.getAll(HttpHeaderNames.HOST).size() > 1) {
            return Rejection.DUPLICATE_HOST;
        }
        return null;
    }
}
