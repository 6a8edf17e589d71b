package io.banyan.sidecar.codec;

import io.banyan.sidecar.core.ErrorCause;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * The response the sidecar answers a failed request with: the cause's status, header and one-line body, the cause's
 * token, followed by {@code ": "} and a problem text when there is one ({@code no_route: no route to 'billing' ...}).
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static FullHttpResponse of(ErrorCause cause, HttpVersion version, boolean keepAlive) {
        return of(cause, null, version, keepAlive);
    }

    /** {@code detail}: one line of printable ASCII (the caller bounds it), or null. */
    public static FullHttpResponse of(ErrorCause cause, String detail, HttpVersion version, boolean keepAlive) {
        String line = detail == null ? cause.token() : cause.token() + ": " + detail;
        byte[] body = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(cause.status()), Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(ErrorCause.HEADER, cause.token());
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ConnectionHeader.set(headers, version, keepAlive);
        return response;
    }
}
