package io.banyan.sidecar.http1;

import io.banyan.dataplane.config.Http1Limits;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * Between the codec and the frontend: refuses a malformed request before anything of it goes upstream. The
 * codec's own failures (bare LF, bad header names and values, Content-Length rules, chunk framing, line and head
 * sizes) and {@link RequestHeadRules} and {@link ObsFoldDetector} findings are answered with the right status and
 * {@code Connection: close}, counted by reason, and the connection reads nothing more. A refused head pipelined
 * behind requests not yet answered waits for their responses, then gets its answer; a refusal that can no longer be
 * answered (a response is under way) closes the connection.
 */
public final class RequestValidator extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestValidator.class);

    private final int maxHeaderCount;
    private final Http1Meters meters;
    private final ObsFoldDetector folds;
    private final ResponseProgress responses = new ResponseProgress();
    private long requests;
    private boolean rejected;
    private Rejection deferred;

    RequestValidator(Http1Limits limits, Http1Meters meters, ObsFoldDetector folds) {
        this.maxHeaderCount = limits.maxHeaderCount();
        this.meters = Objects.requireNonNull(meters, "meters");
        this.folds = Objects.requireNonNull(folds, "folds");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject object) {
            if (object.decoderResult().isFailure()) {
                Throwable failure = object.decoderResult().cause();
                boolean head = msg instanceof HttpRequest;
                ReferenceCountUtil.release(msg);
                reject(ctx, DecoderFailures.classify(failure, !head), head);
                return;
            }
            if (msg instanceof HttpRequest request) {
                Rejection broken = folds.takeFolded() ? Rejection.OBS_FOLD : RequestHeadRules.check(request, maxHeaderCount);
                if (broken != null) {
                    ReferenceCountUtil.release(msg);
                    reject(ctx, broken, true);
                    return;
                }
                requests++;
            }
            if (msg instanceof LastHttpContent) {
                folds.expectHead();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (rejected && deferred == null) { // the error answer is out: nothing else may follow it on this connection
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new ClosedChannelException());
            }
            return;
        }
        boolean ended = responses.onWrite(msg);
        ctx.write(msg, promise);
        if (ended && deferred != null && responses.ended() == requests) {
            Rejection rejection = deferred;
            deferred = null; // the requests before the refused one are answered: now its answer
            ErrorReplies.replyAndClose(ctx, rejection.cause());
        }
    }

    private void reject(ChannelHandlerContext ctx, Rejection rejection, boolean head) {
        rejected = true;
        meters.rejected(rejection);
        log.debug("{} refused a request: {}", ctx.channel(), rejection.reason());
        long unanswered = requests - responses.ended();
        if (head ? unanswered == 0 : unanswered == 1 && !responses.started()) {
            ErrorReplies.replyAndClose(ctx, rejection.cause());
        } else if (head && ctx.channel().isActive()) {
            deferred = rejection; // pipelined behind requests still being answered
        } else {
            ctx.close();
        }
    }
}
