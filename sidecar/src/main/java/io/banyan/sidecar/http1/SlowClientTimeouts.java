package io.banyan.sidecar.http1;

import io.banyan.dataplane.config.Http1Limits;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.banyan.sidecar.timer.DeadlineTimer;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;

/**
 * Cuts off slow clients with one re-armed event-loop timer per connection, so a slow one never holds a thread: the
 * request head must arrive within {@link Http1Limits#requestHeadersTimeout()} of its first bytes, a request body
 * may pause at most {@link Http1Limits#requestBodyIdleTimeout()} (a response being written counts as progress),
 * and a connection waits at most {@link Http1Limits#idleTimeout()} for its next request. A timed-out request is
 * answered 408 when no response has started, else the connection just closes.
 */
public final class SlowClientTimeouts extends ChannelDuplexHandler {

    /** Which timeout fired: the {@code timeout} tag of the counter. */
    public enum Kind {
        REQUEST_HEADERS("request_headers"), REQUEST_BODY("request_body"), IDLE("idle");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Http1Limits limits;
    private final Http1Meters meters;
    private final EarlyAnswers answers;
    private final ResponseProgress responses = new ResponseProgress();
    private final Runnable expiry = this::expire;
    private ChannelHandlerContext ctx;
    private SslHandler tls;
    private DeadlineTimer timer;
    private Kind armed;
    private long requests;
    private boolean inBody;
    private boolean readMessage;
    private boolean closing;

    SlowClientTimeouts(Http1Limits limits, Http1Meters meters, EarlyAnswers answers) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.answers = Objects.requireNonNull(answers, "answers");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.tls = ctx.pipeline().get(SslHandler.class);
        this.timer = new DeadlineTimer(ctx.channel().eventLoop());
        if (ctx.channel().isActive()) {
            arm(Kind.IDLE);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (armed == null) {
            arm(Kind.IDLE);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) { // timed out and answered: what the codec still makes of the bytes (on close) is dropped
            ReferenceCountUtil.release(msg);
            return;
        }
        readMessage = true;
        if (msg instanceof HttpRequest) {
            requests++;
            inBody = true;
            arm(Kind.REQUEST_BODY);
        } else if (msg instanceof HttpContent && inBody) {
            progress();
        }
        if (msg instanceof LastHttpContent && inBody) {
            inBody = false;
            disarm(); // waiting for the response now: the route timeout's business
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        boolean handshaking = tls != null && !tls.handshakeFuture().isDone();
        boolean answered = requests == responses.ended(); // else a read-complete of no bytes may follow the request
        if (!readMessage && !inBody && armed != Kind.REQUEST_HEADERS && !handshaking && answered) {
            arm(Kind.REQUEST_HEADERS); // bytes came but no head yet: the head's clock starts
        }
        readMessage = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new ClosedChannelException());
            }
            return;
        }
        if (responses.onWrite(msg) && !inBody && armed == null && responses.ended() == requests) {
            arm(Kind.IDLE);
        } else if (armed == Kind.REQUEST_BODY) {
            progress();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void arm(Kind kind) {
        long nanos = timeout(kind).toNanos();
        if (nanos > 0) {
            armed = kind;
            timer.arm(expiry, nanos);
        } else {
            disarm();
        }
    }

    /** The body moved (a chunk in, a response part out): its idle clock starts again. */
    private void progress() {
        arm(Kind.REQUEST_BODY);
    }

    private void disarm() {
        armed = null;
        timer.disarm(expiry);
    }

    private void stop() {
        armed = null;
        if (timer != null) {
            timer.close();
        }
    }

    private void expire() {
        Kind kind = armed;
        if (kind == null || closing) {
            return;
        }
        armed = null;
        meters.timedOut(kind);
        long unanswered = requests - responses.ended();
        boolean mayAnswer = switch (kind) {
            case REQUEST_HEADERS -> unanswered == 0;
            case REQUEST_BODY -> unanswered == 1 && !responses.started();
            case IDLE -> false;
        };
        if (mayAnswer && kind == Kind.REQUEST_HEADERS) { // no head, no exchange: told here, since its first bytes
            ErrorReplies.refuse(ctx, ErrorCause.REQUEST_TIMEOUT, null, true, answers,
                    limits.requestHeadersTimeout().toNanos());
        } else if (mayAnswer) {
            ErrorReplies.replyAndClose(ctx, ErrorCause.REQUEST_TIMEOUT);
        } else {
            ctx.close();
        }
        closing = true;
    }

    private Duration timeout(Kind kind) {
        return switch (kind) {
            case REQUEST_HEADERS -> limits.requestHeadersTimeout();
            case REQUEST_BODY -> limits.requestBodyIdleTimeout();
            case IDLE -> limits.idleTimeout();
        };
    }
}
