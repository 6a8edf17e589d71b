package io.banyan.adminserver;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a last response that came before the request was read whole (413, 401 on a head,
 * 408) without losing that response to a TCP reset: the write side is shut (the client reads the response, then
 * end of stream) and what the client still sends is read and discarded until it closes, for at most
 * {@link #LINGER_SECONDS} (as nginx's lingering close, RFC 9112 section 9.6).
 */
final class LingeringClose {

    static final long LINGER_SECONDS = 5;
    static final String HANDLER = "linger";

    private LingeringClose() {
    }

    /** Writes {@code response}, then lingers and closes. */
    static void writeAndClose(ChannelHandlerContext ctx, Object response) {
        ctx.writeAndFlush(response).addListener(LingeringClose::afterWrite);
    }

    private static void afterWrite(Future<? super Void> written) {
        Channel channel = ((ChannelFuture) written).channel();
        if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        if (channel.pipeline().get(HANDLER) == null) {
            channel.pipeline().addFirst(HANDLER, new Discard());
        }
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
        channel.closeFuture().addListener(closed -> deadline.cancel(false));
        duplex.shutdownOutput();
        channel.config().setAutoRead(true);
    }

    /** Drops whatever the client still sends; the connection ends when the client closes or the linger is over. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
