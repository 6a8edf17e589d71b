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

/** The response the sidecar answers a failed request with: the cause's status, header and one-line body. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static FullHttpResponse of(ErrorCause cause, HttpVersion version, boolean keepAlive) {
        byte[] body = (cause.token() + "\n").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(cause.status()), Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(ErrorCause.HEADER, cause.token());
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ConnectionHeader.set(headers, version, keepAlive);
        return response;
    }
}
