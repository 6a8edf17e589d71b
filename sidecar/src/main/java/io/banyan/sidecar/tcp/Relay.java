package io.banyan.sidecar.tcp;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays what one channel reads to its peer, with backpressure: the next read is asked for only once the write
 * succeeded (auto-read is off). Its FIN (or TLS close_notify) becomes a half-close of the peer; its close closes
 * the peer; a failure closes both.
 */
public final class Relay extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final TcpSession session;
    private final Counter bytes;

    /** @param bytes counts the bytes written to the peer */
    public Relay(TcpSession session, Counter bytes) {
        this.session = session;
        this.bytes = bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel peer = session.peerOf(ctx.channel());
        if (peer == null || !peer.isActive()) {
            ReferenceCountUtil.release(msg);
            session.close();
            return;
        }
        if (msg instanceof ByteBuf buf) {
            bytes.increment(buf.readableBytes());
        }
        peer.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess()) {
                ctx.channel().read();
            } else {
                session.close();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            session.inputEnded(ctx.channel());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.closed(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("tcp relay {} failed: {}", ctx.channel(), cause.toString());
        session.close();
    }
}
