package io.banyan.sidecar.listener;

import io.banyan.sidecar.tls.InboundTls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/** Reports a failed inbound handshake and removes itself once the handshake is done. */
final class InboundHandshakeHandler extends ChannelInboundHandlerAdapter {

    private final InboundTls tls;

    InboundHandshakeHandler(InboundTls tls) {
        this.tls = tls;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                tls.onHandshakeFailure(done.cause());
                ctx.close();
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a failed handshake also surfaces here; the event above counts it
    }
}
