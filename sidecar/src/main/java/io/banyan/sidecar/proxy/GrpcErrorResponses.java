package io.banyan.sidecar.proxy;

import io.banyan.sidecar.core.ErrorCause;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * How a gRPC call learns of a failure inside the mesh: before any response byte, a trailers-only response
 * (HTTP 200, {@code grpc-status} and {@code grpc-message} in the only HEADERS frame); once the upstream's response
 * has started, trailers carrying the status that end the stream. Either way {@code x-banyan-error} names the cause.
 */
public final class GrpcErrorResponses {

    private GrpcErrorResponses() {
    }

    /** The trailers-only response for a call that failed before its response started. */
    public static FullHttpResponse of(ErrorCause cause, HttpVersion version) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/grpc");
        describe(headers, cause);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    /** The trailers that end a call whose response had started when the mesh failed it. */
    public static LastHttpContent trailers(ErrorCause cause) {
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        describe(last.trailingHeaders(), cause);
        return last;
    }

    private static void describe(HttpHeaders headers, ErrorCause cause) {
        headers.setInt(GrpcStatus.STATUS, GrpcStatus.of(cause).code());
        headers.set(GrpcStatus.MESSAGE, "banyan: " + cause.token()); // percent-encoding not needed: ASCII tokens
        headers.set(ErrorCause.HEADER, cause.token());
    }
}
