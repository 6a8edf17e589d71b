package io.banyan.sidecar.http2;

import io.banyan.sidecar.codec.ErrorResponses;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a stream whose request has more header fields than allowed with 431 and ends it; what follows on that
 * stream is dropped. It never became an exchange: it is told to the listener's observer here. The byte size of the header list is the codec's business (SETTINGS_MAX_HEADER_LIST_SIZE).
 */
final class HeaderCountLimit extends ChannelInboundHandlerAdapter {

    private final int maxHeaderCount;
    private final Http2Meters meters;
    private final EarlyAnswers answers;
    private boolean refused;

    HeaderCountLimit(int maxHeaderCount, Http2Meters meters, EarlyAnswers answers) {
        this.maxHeaderCount = maxHeaderCount;
        this.meters = meters;
        this.answers = answers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.headers().size() > maxHeaderCount) {
            refused = true;
            meters.record(Http2Reason.TOO_MANY_HEADERS);
            ctx.writeAndFlush(ErrorResponses.of(ErrorCause.HEADERS_TOO_LARGE, HttpVersion.HTTP_1_1, false))
                    .addListener(ChannelFutureListener.CLOSE);
            answers.answered(AnsweredBy.PROTOCOL_GUARD, request, EarlyAnswers.protocol(ctx.channel(), request),
                    ErrorCause.HEADERS_TOO_LARGE.status(), ErrorCause.HEADERS_TOO_LARGE, 0);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
