package io.banyan.sidecar.tcp;

import io.banyan.sidecar.core.DrainEvent;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ends a relaying session, both ways, when it outlives its use: no byte either way (read from or written to the
 * downstream, which is every byte of the session) for the idle timeout (Envoy's tcp_proxy idle_timeout; zero
 * disables it), or, once the data plane drains, as {@link DrainTiming} says. Sits on the downstream channel after the
 * TLS handler; timed on its event loop and its ticker, so tests drive it with an {@code EmbeddedChannel}'s clock.
 */
final class SessionLifetime extends ChannelDuplexHandler {

    static final String NAME = "tcp-lifetime";

    private static final Logger log = LoggerFactory.getLogger(SessionLifetime.class);

    private final TcpSession session;
    private final long idleNanos;
    private final long graceNanos;
    private final long quietNanos;
    private final TcpMetrics.Meters meters;
    private Ticker ticker;
    private long lastActivity;
    private boolean draining;
    private long drainDeadline;
    private ScheduledFuture<?> check;

    SessionLifetime(TcpSession session, Duration idleTimeout, DrainTiming drain, TcpMetrics.Meters meters) {
        this.session = session;
        this.idleNanos = idleTimeout.toNanos();
        this.graceNanos = drain.grace().toNanos();
        this.quietNanos = drain.quiet().toNanos();
        this.meters = meters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ticker = ctx.executor().ticker();
        lastActivity = ticker.nanoTime();
        reschedule(ctx, lastActivity);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivity = ticker.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivity = ticker.nanoTime();
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof DrainEvent) {
            if (!draining) {
                draining = true;
                drainDeadline = ticker.nanoTime() + graceNanos;
                check(ctx);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Closes the session when a limit is reached, else looks again when the nearest one could be. */
    private void check(ChannelHandlerContext ctx) {
        check = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = ticker.nanoTime();
        long quietFor = now - lastActivity;
        if (draining && (quietFor >= quietNanos || now - drainDeadline >= 0)) {
            log.debug("tcp session {} closed by drain after {} ms quiet", ctx.channel(), quietFor / 1_000_000);
            meters.drained().increment();
            session.close();
            return;
        }
        if (idleNanos > 0 && quietFor >= idleNanos) {
            log.debug("tcp session {} idle for {} ms: closing both ways", ctx.channel(), quietFor / 1_000_000);
            meters.idleTimeouts().increment();
            session.close();
            return;
        }
        reschedule(ctx, now);
    }

    private void reschedule(ChannelHandlerContext ctx, long now) {
        cancel();
        long next = idleNanos > 0 ? lastActivity + idleNanos - now : Long.MAX_VALUE;
        if (draining) {
            next = Math.min(next, Math.min(lastActivity + quietNanos - now, drainDeadline - now));
        }
        if (next != Long.MAX_VALUE) {
            check = ctx.executor().schedule(() -> check(ctx), Math.max(next, 1), TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
