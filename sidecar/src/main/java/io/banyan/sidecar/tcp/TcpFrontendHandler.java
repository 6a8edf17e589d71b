package io.banyan.sidecar.tcp;

import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.core.DrainEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The downstream side of a tcp_proxy connection until its upstream is connected: when the connection is active (on
 * TLS listeners, once the mutual TLS handshake succeeded) checks the caller against the listener's authorization
 * (denied: closed, no upstream is dialed), starts the dial, holds what the handshake read meanwhile, then hands over
 * to a {@link Relay} both ways and a {@link SessionLifetime}. No upstream reachable, or a drain before the relay
 * started: the downstream is closed.
 */
public final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {

    /** The pipeline name of the relay that replaces this handler. */
    public static final String RELAY = "relay";

    private static final Logger log = LoggerFactory.getLogger(TcpFrontendHandler.class);

    private final TcpProxyContext context;
    private final boolean afterTls;
    private final List<Object> pending = new ArrayList<>();
    private boolean inputEnded;
    private boolean dialing;

    /** @param afterTls whether to wait for the TLS handshake (the pipeline has a server SslHandler before this) */
    public TcpFrontendHandler(TcpProxyContext context, boolean afterTls) {
        this.context = context;
        this.afterTls = afterTls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (afterTls) {
            ctx.read(); // auto-read is off: let the handshake read
        } else {
            connect(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess() && afterTls) {
            connect(ctx);
        } else if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            inputEnded = true;
        } else if (evt instanceof DrainEvent) {
            log.debug("tcp downstream {} closed by drain before relaying", ctx.channel());
            context.meters().drained().increment();
            ctx.close(); // nothing reached the app yet; an upstream being dialed is abandoned with it
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pending.add(msg); // only what the TLS handshake's reads brought along; no read is asked for before the relay
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePending();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("tcp downstream {} failed before relaying: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    private void connect(ChannelHandlerContext ctx) {
        if (dialing) {
            return;
        }
        dialing = true;
        Channel downstream = ctx.channel();
        if (!context.authorizes(downstream)) {
            log.debug("listener {}: caller of {} not authorized; closing the connection", context.listener().name(),
                    downstream);
            context.meters().denied().increment();
            ctx.close();
            return;
        }
        ClusterState cluster = context.cluster();
        if (cluster == null) {
            log.warn("listener {}: cluster {} is not in the config; closing the connection",
                    context.listener().name(), context.listener().cluster());
            context.meters().connectionsFailed().increment();
            ctx.close();
            return;
        }
        TcpSession session = new TcpSession(downstream);
        downstream.closeFuture().addListener(closed -> session.closed(downstream));
        new UpstreamDialer(cluster, context.connector(), session, context.meters(), downstream).dial()
                .addListener(dialed -> {
                    if (!dialed.isSuccess()) {
                        log.debug("listener {}: {}", context.listener().name(), dialed.cause().getMessage());
                        context.meters().connectionsFailed().increment();
                        ctx.close();
                        return;
                    }
                    relay(ctx, session, (Channel) dialed.getNow());
                });
    }

    private void relay(ChannelHandlerContext ctx, TcpSession session, Channel upstream) {
        if (!ctx.channel().isActive()) {
            upstream.close();
            return;
        }
        session.relaying();
        context.meters().connections().increment();
        ctx.pipeline().addAfter(ctx.name(), RELAY, new Relay(session, context.meters().bytesToUpstream()));
        ctx.pipeline().addBefore(RELAY, SessionLifetime.NAME, new SessionLifetime(session,
                context.listener().idleTimeout(), context.drain(), context.meters()));
        ChannelFuture written = null;
        for (Object msg : pending) {
            written = upstream.write(msg);
        }
        pending.clear();
        upstream.flush();
        boolean ended = inputEnded;
        ctx.pipeline().remove(this);
        upstream.read();
        if (ended) {
            session.inputEnded(ctx.channel());
        } else if (written == null) {
            ctx.channel().read();
        } else {
            written.addListener(done -> {
                if (done.isSuccess()) {
                    ctx.channel().read();
                } else {
                    session.close();
                }
            });
        }
    }

    private void releasePending() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }
}
