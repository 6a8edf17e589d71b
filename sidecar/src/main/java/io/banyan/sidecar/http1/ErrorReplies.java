package io.banyan.sidecar.http1;

import io.banyan.sidecar.proxy.ErrorCause;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * Answers a refused request the way the mesh answers every failure (the cause's status, {@code x-banyan-error},
 * a one-line body), with {@code Connection: close}, and closes the connection once the answer is written.
 */
final class ErrorReplies {

    private ErrorReplies() {
    }

    static void replyAndClose(ChannelHandlerContext ctx, ErrorCause cause) {
        ctx.writeAndFlush(of(cause)).addListener(ChannelFutureListener.CLOSE);
    }

    static FullHttpResponse of(ErrorCause cause) {
        byte[] body = (cause.token() + "\n").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, cause.status(),
                Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(ErrorCause.HEADER, cause.token());
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
