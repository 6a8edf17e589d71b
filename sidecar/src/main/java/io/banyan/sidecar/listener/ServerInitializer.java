package io.banyan.sidecar.listener;

import io.banyan.sidecar.config.TrafficDirection;
import io.banyan.sidecar.http1.Http1Guards;
import io.banyan.sidecar.proxy.FrontendHandler;
import io.banyan.sidecar.proxy.ProxyContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;

/**
 * Builds a downstream connection's pipeline: on inbound listeners mutual TLS first (no identity yet: the connection
 * is closed, never served in plaintext), then the HTTP/1.1 server codec with its {@link Http1Guards} (strict
 * parsing, limits, slow-client timeouts, proxy headers), then the frontend.
 */
final class ServerInitializer extends ChannelInitializer<Channel> {

    static final String TLS = MutualTlsStage.TLS;
    static final String TLS_HANDSHAKE = MutualTlsStage.TLS_HANDSHAKE;
    static final String CODEC = "codec";
    static final String FRONTEND = "frontend";

    private final ProxyContext context;
    private final ChannelGroup connections;
    private final InboundTls tls;
    private final Http1Guards http1;

    ServerInitializer(ProxyContext context, ChannelGroup connections, InboundTls tls, Http1Guards http1) {
        this.context = context;
        this.connections = connections;
        this.tls = tls;
        this.http1 = http1;
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        context.connectionAccepted();
        if (context.listener().direction() == TrafficDirection.INBOUND && !MutualTlsStage.addTo(channel, tls)) {
            return;
        }
        http1.addLast(channel.pipeline(), CODEC);
        channel.pipeline().addLast(FRONTEND, new FrontendHandler(context));
    }
}
