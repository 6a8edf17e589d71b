package io.banyan.sidecar.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Stream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes (GOAWAY, then close) an HTTP/2 connection that has had no open stream for the idle timeout. The clock
 * starts when the connection is set up and whenever its last stream closes; a partial header block that never ends
 * opens no stream, so a client dribbling one is cut off too.
 */
final class IdleConnectionCloser extends ChannelInboundHandlerAdapter {

    private final Http2Connection connection;
    private final long timeoutNanos;
    private final Http2Meters meters;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;

    IdleConnectionCloser(Http2Connection connection, Duration timeout, Http2Meters meters) {
        this.connection = connection;
        this.timeoutNanos = timeout.toNanos();
        this.meters = meters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamActive(Http2Stream stream) {
                disarm();
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (connection.numActiveStreams() == 0) {
                    arm();
                }
            }
        });
        arm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    private void arm() {
        disarm();
        if (ctx.channel().isActive()) {
            timer = ctx.executor().schedule(this::fire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        if (connection.numActiveStreams() == 0 && ctx.channel().isActive()) {
            meters.record(Http2Reason.IDLE_TIMEOUT);
            ctx.channel().close(); // through the codec: a GOAWAY goes first
        }
    }
}
