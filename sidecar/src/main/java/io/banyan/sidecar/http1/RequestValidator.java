package io.banyan.sidecar.http1;

import io.banyan.dataplane.config.Http1Limits;
import io.banyan.sidecar.observe.EarlyAnswers;
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
 * answered (a response is under way) closes the connection. A refused head never becomes an exchange: it is told to
 * the listener's observer here ({@link EarlyAnswers}).
 */
public final class RequestValidator extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestValidator.class);

    private final int maxHeaderCount;
    private final Http1Meters meters;
    private final ObsFoldDetector folds;
    private final EarlyAnswers answers;
    private final ResponseProgress responses = new ResponseProgress();
    private long requests;
    private boolean rejected;
    private Rejection deferred;
    private HttpRequest deferredHead;

    RequestValidator(Http1Limits limits, Http1Meters meters, ObsFoldDetector folds, EarlyAnswers answers) {
        this.maxHeaderCount = limits.maxHeaderCount();
        this.meters = Objects.requireNonNull(meters, "meters");
        this.folds = Objects.requireNonNull(folds, "folds");
        this.answers = Objects.requireNonNull(answers, "answers");
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
                HttpRequest head = msg instanceof HttpRequest request ? request : null;
                reject(ctx, DecoderFailures.classify(failure, head == null), head);
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                Rejection broken = folds.takeFolded() ? Rejection.OBS_FOLD : RequestHeadRules.check(request, maxHeaderCount);
                if (broken != null) {
                    reject(ctx, broken, request);
                    ReferenceCountUtil.release(msg);
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
            HttpRequest head = deferredHead;
            deferred = null; // the requests before the refused one are answered: now its answer
            deferredHead = null;
            ErrorReplies.refuse(ctx, rejection.cause(), head, true, answers, 0);
        }
    }

    /**
     * {@code head}: the refused request head (null when its body was refused: then its exchange exists, and it tells
     * the observer; a refused head never became one, so it is told here).
     */
    private void reject(ChannelHandlerContext ctx, Rejection rejection, HttpRequest head) {
        rejected = true;
        meters.rejected(rejection);
        log.debug("{} refused a request: {}", ctx.channel(), rejection.reason());
        long unanswered = requests - responses.ended();
        if (head == null) {
            if (unanswered == 1 && !responses.started()) {
                ErrorReplies.replyAndClose(ctx, rejection.cause());
            } else {
                ctx.close();
            }
        } else if (unanswered == 0) {
            ErrorReplies.refuse(ctx, rejection.cause(), head, true, answers, 0);
        } else if (ctx.channel().isActive()) {
            deferred = rejection; // pipelined behind requests still being answered
            deferredHead = head;
        } else {
            ErrorReplies.refuse(ctx, rejection.cause(), head, false, answers, 0);
        }
    }
}
