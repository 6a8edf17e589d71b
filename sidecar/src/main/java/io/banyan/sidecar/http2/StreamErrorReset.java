package io.banyan.sidecar.http2;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.util.ReferenceCountUtil;

/**
 * Right after a stream's codec: a request the conversion to HTTP refuses (for instance {@code :authority} and
 * {@code host} that disagree) resets the stream with PROTOCOL_ERROR rather than reaching the proxy; later messages
 * of that stream are dropped. Other exceptions pass on.
 */
final class StreamErrorReset extends ChannelInboundHandlerAdapter {

    private final Http2Meters meters;
    private boolean reset;

    StreamErrorReset(Http2Meters meters) {
        this.meters = meters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (reset) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (reset || !(cause.getCause() instanceof Http2Exception)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        reset = true;
        meters.record(Http2Reason.PROTOCOL_ERROR);
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR)).addListener(ChannelFutureListener.CLOSE);
    }
}
