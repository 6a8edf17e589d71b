package io.banyan.sidecar.listener;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.util.function.Consumer;

/** Reports a failed downstream handshake (inbound or at the edge) and removes itself once the handshake is done. */
final class InboundHandshakeHandler extends ChannelInboundHandlerAdapter {

    private final Consumer<Throwable> failures;

    InboundHandshakeHandler(Consumer<Throwable> failures) {
        this.failures = failures;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                failures.accept(done.cause());
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
