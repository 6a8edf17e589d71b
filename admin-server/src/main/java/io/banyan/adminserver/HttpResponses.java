package io.banyan.adminserver;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Turns an {@link AdminResponse} into the Netty response written on the wire, with Content-Length and Connection. */
final class HttpResponses {

    private HttpResponses() {
    }

    static FullHttpResponse of(AdminResponse response, boolean keepAlive) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        response.headers().forEach((name, value) -> out.headers().set(name, value));
        if (response.contentType() != null) {
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        if (!out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        }
        HttpUtil.setKeepAlive(out, keepAlive);
        return out;
    }

    /** A problem+json response. */
    static FullHttpResponse problem(ApiException e, boolean keepAlive) {
        return of(Problem.of(e, null).toResponse(), keepAlive);
    }
}
