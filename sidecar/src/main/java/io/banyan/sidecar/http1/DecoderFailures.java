package io.banyan.sidecar.http1;

import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.InvalidLineSeparatorException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;

/** Names the {@link Rejection} behind a failure the HTTP/1.1 codec reported on a request head or body. */
final class DecoderFailures {

    private DecoderFailures() {
    }

    static Rejection classify(Throwable failure, boolean inBody) {
        if (inBody) {
            return Rejection.CHUNK_INVALID; // only chunked framing can fail once the head is through
        }
        if (failure instanceof TooLongHttpLineException) {
            return Rejection.REQUEST_LINE_TOO_LONG;
        }
        if (failure instanceof TooLongHttpHeaderException) {
            return Rejection.HEADERS_TOO_LARGE;
        }
        if (failure instanceof InvalidLineSeparatorException) {
            return Rejection.BARE_LF;
        }
        if (failure instanceof ContentLengthNotAllowedException) {
            return Rejection.CONTENT_LENGTH_AND_TRANSFER_ENCODING;
        }
        if (failure instanceof TransferEncodingNotAllowedException) {
            return Rejection.TRANSFER_ENCODING_NOT_CHUNKED;
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("transfer coding")) {
            return Rejection.TRANSFER_ENCODING_NOT_CHUNKED;
        }
        if (message.contains("Content-Length")) {
            return Rejection.CONTENT_LENGTH_INVALID;
        }
        if (message.contains("header name")) {
            return Rejection.HEADER_NAME_INVALID;
        }
        if (message.contains("Validation failed for header")) {
            return Rejection.HEADER_VALUE_INVALID;
        }
        return Rejection.MALFORMED;
    }
}
