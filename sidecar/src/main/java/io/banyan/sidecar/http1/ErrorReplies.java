package io.banyan.sidecar.http1;

import io.banyan.sidecar.codec.ErrorResponses;
import io.banyan.sidecar.core.ErrorCause;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;

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
        return ErrorResponses.of(cause, HttpVersion.HTTP_1_1, false);
    }
}
