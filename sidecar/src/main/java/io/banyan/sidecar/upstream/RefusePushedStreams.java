package io.banyan.sidecar.upstream;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Closes any stream the upstream opens towards us: push is disabled in our SETTINGS, so none should come. */
@ChannelHandler.Sharable
final class RefusePushedStreams extends ChannelInboundHandlerAdapter {

    static final RefusePushedStreams INSTANCE = new RefusePushedStreams();

    private RefusePushedStreams() {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.close();
    }
}
