package io.banyan.sidecar.proxy.upgrade;

import io.banyan.dataplane.config.TunnelSettings;
import io.banyan.sidecar.http1.Http1Guards;
import io.banyan.sidecar.metrics.UpgradeMeters;
import io.banyan.sidecar.tcp.Relay;
import io.banyan.sidecar.tcp.TcpSession;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

import java.util.Objects;

/**
 * One listener's upgrades: stops the downstream's HTTP parsing once an upgrade request is complete, and when
 * the upstream switched protocols turns both connections into a {@link Relay}ed byte tunnel (backpressure,
 * half-close, close), which {@link TunnelLifetime} ends when idle or draining. TLS handlers stay (the mesh hop keeps
 * its mutual TLS); the HTTP codecs, guards and timers go, and the frontend (removed by its exchange). Everything runs
 * on the downstream channel's event loop, which the upstream connection shares.
 */
public final class Upgrades {

    /** Pipeline names of the handlers this adds. */
    public static final String EARLY_BYTES = "upgrade-early-bytes";
    public static final String LIFETIME = "tunnel-lifetime";
    public static final String RELAY = "tunnel-relay";

    private static final String[] DOWNSTREAM_HTTP = {Http1Guards.OBS_FOLD, Http1Guards.TIMEOUTS,
            Http1Guards.VALIDATOR, Http1Guards.PATH, Http1Guards.FORWARDED};

    private final TunnelSettings settings;
    private final UpgradeMeters meters;

    public Upgrades(TunnelSettings settings, UpgradeMeters meters) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    public UpgradeMeters meters() {
        return meters;
    }

    /**
     * The upgrade request on {@code downstream} is complete (called while its decoder is delivering it): nothing
     * after it is HTTP any more, so the decoder goes and what follows is held for the tunnel.
     */
    public void holdDownstream(Channel downstream) {
        ChannelPipeline pipeline = downstream.pipeline();
        ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
        if (codec == null || pipeline.get(EARLY_BYTES) != null) {
            return;
        }
        pipeline.addAfter(codec.name(), EARLY_BYTES, new EarlyBytes());
        ((HttpServerCodec) codec.handler()).removeInboundHandler(); // hands its unparsed bytes to EarlyBytes
    }

    /**
     * The upstream switched protocols and the 101 is written to {@code downstream} (its encoder has encoded it):
     * from now on bytes pass both ways untouched. {@code upstream} is never pooled again; its pool handler stays
     * last in the pipeline and sees only the close, so the pool and the connection gauge count it closed then.
     */
    public void open(Channel downstream, UpstreamConnection upstream, String type) {
        Channel up = upstream.channel();
        upstream.attach(null);
        TcpSession session = new TcpSession(downstream);
        session.attempting(up);
        session.relaying();
        meters.tunnelOpened(type);
        GenericFutureListener<Future<Void>> closed = new BothClosed(meters);
        downstream.closeFuture().addListener(closed);
        up.closeFuture().addListener(closed);

        ChannelPipeline down = downstream.pipeline();
        for (String name : DOWNSTREAM_HTTP) {
            removeIfPresent(down, down.get(name));
        }
        removeIfPresent(down, down.get(HttpServerCodec.class));

        ChannelPipeline upPipeline = up.pipeline();
        removeIfPresent(upPipeline, upPipeline.get(IdleStateHandler.class));
        ChannelHandlerContext last = upstream instanceof ChannelHandler handler ? upPipeline.context(handler) : null;
        Relay toDownstream = new Relay(session, meters.bytesToDownstream());
        if (last != null) {
            upPipeline.addBefore(last.name(), RELAY, toDownstream);
        } else {
            upPipeline.addLast(RELAY, toDownstream);
        }
        removeIfPresent(upPipeline, upPipeline.get(HttpClientCodec.class)); // bytes after the 101 go to the relay

        down.addLast(LIFETIME, new TunnelLifetime(settings.idleTimeout()));
        down.addLast(RELAY, new Relay(session, meters.bytesToUpstream()));
        removeIfPresent(down, down.get(EARLY_BYTES)); // what the client sent after the request goes up now

        downstream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        up.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        downstream.flush();
        up.flush();
        downstream.read();
        up.read();
    }

    private static void removeIfPresent(ChannelPipeline pipeline, ChannelHandler handler) {
        if (handler != null) {
            pipeline.remove(handler);
        }
    }

    /** Counts the tunnel closed once both of its connections have closed. */
    private static final class BothClosed implements GenericFutureListener<Future<Void>> {

        private final UpgradeMeters meters;
        private int closed;

        BothClosed(UpgradeMeters meters) {
            this.meters = meters;
        }

        @Override
        public void operationComplete(Future<Void> future) {
            if (++closed == 2) {
                meters.tunnelClosed();
            }
        }
    }
}
