package io.banyan.sidecar.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

import java.util.function.Consumer;

/**
 * After the inbound TLS handshake, installs the protocol ALPN chose: {@code h2} gets the HTTP/2 handlers, anything
 * else (no ALPN, {@code http/1.1}) the HTTP/1.1 ones; then tells them the channel is active. Auto-read is off, so it
 * asks for the first read itself (the handshake's). A failed handshake is the handshake handler's to count and close.
 */
final class AlpnProtocolChoice extends ApplicationProtocolNegotiationHandler {

    static final String NAME = "alpn";

    private final Consumer<Channel> http1;
    private final Consumer<Channel> http2;

    AlpnProtocolChoice(Consumer<Channel> http1, Consumer<Channel> http2) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.http1 = http1;
        this.http2 = http2;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.read();
        super.channelActive(ctx);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        (ApplicationProtocolNames.HTTP_2.equals(protocol) ? http2 : http1).accept(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
