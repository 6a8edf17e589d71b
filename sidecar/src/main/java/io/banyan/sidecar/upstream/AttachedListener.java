package io.banyan.sidecar.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upstream connection's pipeline as the exchange attached to it sees it: told when a read is
 * done and when the upstream can take more request bytes; a failure closes.
 */
abstract class AttachedListener extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AttachedListener.class);

    /** The exchange using this connection or stream now; null while pooled or once ended. */
    protected UpstreamListener listener;

    public void attach(UpstreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamListener current = listener;
        if (current != null) {
            current.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamListener current = listener;
        if (current != null && ctx.channel().isWritable()) {
            current.onUpstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("upstream {} failed", ctx.channel(), cause);
        ctx.close();
    }
}
