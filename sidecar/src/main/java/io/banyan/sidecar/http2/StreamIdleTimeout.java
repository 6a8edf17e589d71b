package io.banyan.sidecar.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Resets a stream that saw no message either way for the stream idle timeout (a slow or stalled client). */
final class StreamIdleTimeout extends IdleStateHandler {

    private final Http2Meters meters;

    StreamIdleTimeout(Duration timeout, Http2Meters meters) {
        super(0, 0, timeout.toNanos(), TimeUnit.NANOSECONDS);
        this.meters = meters;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        meters.record(Http2Reason.STREAM_IDLE_TIMEOUT);
        ctx.close(); // the stream channel's close resets the stream (CANCEL); the connection stays
    }
}
