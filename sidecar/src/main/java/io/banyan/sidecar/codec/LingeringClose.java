package io.banyan.sidecar.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a final answer without losing that answer to a reset: when a request is answered before
 * its body was read (a 413, a 401 on an upload, any error that ends the connection), closing a socket with unread
 * bytes makes the kernel send RST, and the client's kernel drops the response it had not yet read. As nginx's
 * lingering close and Envoy's delayed close: once the answer is written, the write side is shut (close_notify, then
 * FIN), what still arrives is read and dropped, and the socket closes when the client closes, after
 * {@link #LINGER}, or after {@link #MAX_DISCARDED} bytes, whichever comes first. Anything that is not a TCP connection
 * (an HTTP/2 stream, whose close is a reset of that stream only) is closed at once.
 */
public final class LingeringClose implements ChannelFutureListener {

    /** The longest a closing connection is kept to read what the client still sends. */
    public static final Duration LINGER = Duration.ofSeconds(2);
    /** The most bytes read and dropped from a closing connection. */
    public static final long MAX_DISCARDED = 1 << 20;
    public static final LingeringClose INSTANCE = new LingeringClose();

    private static final String NAME = "lingering-close";

    private LingeringClose() {
    }

    @Override
    public void operationComplete(ChannelFuture written) {
        Channel channel = written.channel();
        if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex) || !channel.isActive()
                || channel.pipeline().get(NAME) != null) {
            channel.close();
            return;
        }
        channel.pipeline().addFirst(NAME, new Discard());
        channel.eventLoop().schedule(() -> channel.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            tls.closeOutbound().addListener(done -> shutdownOutput(duplex));
        } else {
            shutdownOutput(duplex);
        }
        channel.config().setAutoRead(true);
    }

    private static void shutdownOutput(DuplexChannel channel) {
        if (channel.isActive()) {
            channel.shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    /**
     * First in the pipeline: drops what arrives, raw, with its read events (the handlers behind see nothing more), and
     * closes once the client is done or sent too much.
     */
    private static final class Discard extends ChannelInboundHandlerAdapter {

        private long discarded;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                discarded += bytes.readableBytes();
            }
            ReferenceCountUtil.release(msg);
            if (discarded > MAX_DISCARDED) {
                ctx.close();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // swallowed too: the handlers behind see no read at all (a read timeout would count it as a new request)
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ctx.close(); // the client shut its side: nothing more to read
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
