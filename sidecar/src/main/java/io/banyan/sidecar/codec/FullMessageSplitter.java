package io.banyan.sidecar.codec;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;

/**
 * Turns a {@link FullHttpMessage} (what Netty's HTTP/2 stream codec makes of a HEADERS frame that ends the
 * stream) into a head followed by its {@code LastHttpContent}, the shape HTTP/1.1 decoding gives, so the proxy
 * sees one shape whatever the protocol. Other messages pass untouched.
 */
@ChannelHandler.Sharable
public final class FullMessageSplitter extends ChannelInboundHandlerAdapter {

    public static final FullMessageSplitter INSTANCE = new FullMessageSplitter();

    private FullMessageSplitter() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpMessage full)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpMessage head = full instanceof FullHttpRequest request
                ? new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(), request.headers())
                : new DefaultHttpResponse(full.protocolVersion(), ((FullHttpResponse) full).status(), full.headers());
        head.setDecoderResult(full.decoderResult());
        ctx.fireChannelRead(head);
        ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
    }
}
