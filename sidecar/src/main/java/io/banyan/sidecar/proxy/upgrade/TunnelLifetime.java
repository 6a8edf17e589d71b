package io.banyan.sidecar.proxy.upgrade;

import io.banyan.sidecar.core.DrainEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ends a tunnel by closing its downstream connection (the relay then closes the upstream): when no byte went either
 * way for the idle timeout (Envoy's stream idle timeout; zero disables it), or when the data plane drains, as a
 * tunnel has no request boundary to finish at. Timed on the channel's event loop, so tests drive it with an
 * {@code EmbeddedChannel}'s clock.
 */
final class TunnelLifetime extends IdleStateHandler {

    private static final Logger log = LoggerFactory.getLogger(TunnelLifetime.class);

    TunnelLifetime(Duration idleTimeout) {
        super(0, 0, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        log.debug("tunnel {} idle: closing", ctx.channel());
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof DrainEvent) {
            log.debug("tunnel {} closed by drain", ctx.channel());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
