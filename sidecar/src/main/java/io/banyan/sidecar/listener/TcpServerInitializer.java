package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.tcp.TcpFrontendHandler;
import io.banyan.sidecar.tcp.TcpProxyContext;
import io.banyan.sidecar.tls.InboundTls;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;

/**
 * Builds a tcp_proxy listener's downstream pipeline: half-closure allowed; on inbound listeners mutual TLS first
 * (no identity yet: the connection is closed, never served in plaintext); then the TCP frontend, which checks the
 * caller's identity against the listener's authorization, connects upstream and relays bytes (with an idle timeout,
 * and an end on drain).
 */
final class TcpServerInitializer extends ChannelInitializer<Channel> {

    static final String TLS = MutualTlsStage.TLS;
    static final String TLS_HANDSHAKE = MutualTlsStage.TLS_HANDSHAKE;
    static final String FRONTEND = "tcp-frontend";

    private final TcpProxyContext context;
    private final ChannelGroup connections;
    private final InboundTls tls;
    private final Counter accepted;

    TcpServerInitializer(TcpProxyContext context, ChannelGroup connections, InboundTls tls, Counter accepted) {
        this.context = context;
        this.connections = connections;
        this.tls = tls;
        this.accepted = accepted;
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        accepted.increment();
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        boolean inbound = context.listener().direction() == TrafficDirection.INBOUND;
        if (inbound && !MutualTlsStage.addTo(channel, tls)) {
            return;
        }
        channel.pipeline().addLast(FRONTEND, new TcpFrontendHandler(context, inbound));
    }
}
