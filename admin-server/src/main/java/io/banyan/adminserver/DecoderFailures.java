package io.banyan.adminserver;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Names what was wrong with a request the HTTP codec could not decode, without the codec's class names or
 * messages: 414 for a request line over the limit, 431 for headers over the limit, else 400.
 */
final class DecoderFailures {

    /** The codec's limits, as {@link io.netty.handler.codec.http.HttpServerCodec}'s defaults. */
    static final int MAX_REQUEST_LINE_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 8192;

    private DecoderFailures() {
    }

    static ApiException problem(Throwable failure) {
        if (failure instanceof TooLongHttpLineException) {
            return new ApiException(414, "uri-too-long", "URI too long", "request line: longer than "
                    + MAX_REQUEST_LINE_BYTES + " bytes (expected: at most " + MAX_REQUEST_LINE_BYTES + ")", null);
        }
        if (failure instanceof TooLongHttpHeaderException) {
            return new ApiException(431, "headers-too-large", "Request header fields too large", "headers: more than "
                    + MAX_HEADER_BYTES + " bytes (expected: at most " + MAX_HEADER_BYTES + ")", null);
        }
        return ApiException.badRequest(null, "request: not valid HTTP/1.1 (expected: a request line, headers and a "
                + "body framed by Content-Length or chunked transfer coding, as in RFC 9112)");
    }
}
