package io.banyan.sidecar.http1;

import io.banyan.sidecar.codec.ErrorResponses;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
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

    /**
     * Refuses a request no exchange took ({@code head}: as far as it was read, may be null) and tells {@code answers};
     * {@code answer} false: the connection just closes (status 0). {@code nanos}: since the head's first bytes.
     */
    static void refuse(ChannelHandlerContext ctx, ErrorCause cause, HttpRequest head, boolean answer,
                       EarlyAnswers answers, long nanos) {
        if (answer) {
            replyAndClose(ctx, cause);
        } else {
            ctx.close();
        }
        HttpRequest read = readHead(head);
        answers.answered(AnsweredBy.PROTOCOL_GUARD, read, read == null ? null : read.protocolVersion().text(),
                answer ? cause.status() : 0, cause, nanos);
    }

    /**
     * {@code head} when its request line was read: the codec stands in for a head whose request line it could not read
     * with a whole request {@code GET /bad-request HTTP/1.0} of its own; a head it read is never whole (no aggregator).
     */
    private static HttpRequest readHead(HttpRequest head) {
        return head instanceof FullHttpRequest ? null : head;
    }

    static FullHttpResponse of(ErrorCause cause) {
        return ErrorResponses.of(cause, HttpVersion.HTTP_1_1, false);
    }
}
