package io.banyan.sidecar.proxy.upgrade;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Sits right after the downstream codec once its decoder is gone (the upgrade request is complete) and holds
 * what the client sent after the request, in the protocol it asked for, until the upstream answers: on
 * removal it hands what it holds to the next handler (the tunnel's relay); on close it releases it. The read
 * completions of those bytes stop here, so the HTTP timeouts behind it never see bytes without a request.
 */
final class EarlyBytes extends ChannelInboundHandlerAdapter {

    private final ArrayDeque<Object> held = new ArrayDeque<>(2);
    private boolean heldInThisRead;

    boolean isEmpty() {
        return held.isEmpty();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        held.add(msg);
        heldInThisRead = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (heldInThisRead) {
            heldInThisRead = false;
            return;
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            release();
            return;
        }
        boolean any = !held.isEmpty();
        Object msg;
        while ((msg = held.poll()) != null) {
            ctx.fireChannelRead(msg);
        }
        if (any) {
            ctx.fireChannelReadComplete();
        }
    }

    private void release() {
        Object msg;
        while ((msg = held.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
