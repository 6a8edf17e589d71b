package io.banyan.sidecar.http2;

import io.banyan.sidecar.timer.DeadlineTimer;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.time.Duration;

/**
 * Resets a stream that saw no message either way for the stream idle timeout (a slow or stalled client). Each
 * message only moves the deadline of the stream's one timer: no write listener, no task per message.
 */
final class StreamIdleTimeout extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private final Http2Meters meters;
    private final Runnable expiry = this::expire;
    private ChannelHandlerContext ctx;
    private DeadlineTimer timer;

    StreamIdleTimeout(Duration timeout, Http2Meters meters) {
        this.timeoutNanos = timeout.toNanos();
        this.meters = meters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timer = new DeadlineTimer(ctx.channel().eventLoop());
        timer.arm(expiry, timeoutNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        timer.arm(expiry, timeoutNanos);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        timer.arm(expiry, timeoutNanos);
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.close();
        ctx.fireChannelInactive();
    }

    private void expire() {
        if (ctx.channel().isActive()) {
            meters.record(Http2Reason.STREAM_IDLE_TIMEOUT);
            ctx.close(); // the stream channel's close resets the stream (CANCEL); the connection stays
        }
    }
}
