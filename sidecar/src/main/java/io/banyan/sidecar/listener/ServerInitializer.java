package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.Http1Limits;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.http1.Http1Guards;
import io.banyan.sidecar.http2.Http2ServerPipeline;
import io.banyan.sidecar.http2.ProtocolDetector;
import io.banyan.sidecar.proxy.FrontendHandler;
import io.banyan.sidecar.proxy.ProxyContext;
import io.banyan.sidecar.tls.EdgeTls;
import io.banyan.sidecar.tls.InboundTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;

import java.util.function.Consumer;

/**
 * Builds a downstream connection's pipeline. Inbound: mutual TLS first (no identity yet: the connection is closed,
 * never served in plaintext), then ALPN chooses: {@code h2} gets the {@link Http2ServerPipeline} (one frontend per
 * stream), anything else HTTP/1.1. Outbound (plaintext): the {@link ProtocolDetector} tells the HTTP/2 preface
 * (prior knowledge) from HTTP/1.1, unless the data plane is an edge gateway with certificates: then TLS chosen by SNI
 * ({@link EdgeTlsStage}), and ALPN chooses as inbound. HTTP/1.1 is the server codec with its {@link Http1Guards} (strict parsing,
 * limits, slow-client timeouts, proxy headers), then the frontend.
 */
final class ServerInitializer extends ChannelInitializer<Channel> {

    static final String TLS = MutualTlsStage.TLS;
    static final String TLS_HANDSHAKE = MutualTlsStage.TLS_HANDSHAKE;
    static final String DETECT = "protocol-detect";
    static final String CODEC = "codec";
    static final String FRONTEND = "frontend";

    private final ProxyContext context;
    private final ChannelGroup connections;
    private final InboundTls tls;
    private final Http1Guards http1;
    private final Http1Limits http1Limits;
    private final Http2ServerPipeline http2;
    private final EdgeTls edgeTls;
    private final Consumer<Throwable> edgeHandshakeFailures;
    private final Consumer<ChannelPipeline> beforeFrontend;

    /**
     * @param edgeTls        the TLS of an edge gateway's listener (outbound direction); null for plaintext
     * @param beforeFrontend adds an edge gateway's end-user filter before an HTTP/1.1 connection's frontend
     */
    ServerInitializer(ProxyContext context, ChannelGroup connections, InboundTls tls, Http1Guards http1,
                      Http1Limits http1Limits, Http2ServerPipeline http2, EdgeTls edgeTls,
                      Consumer<Throwable> edgeHandshakeFailures, Consumer<ChannelPipeline> beforeFrontend) {
        this.beforeFrontend = beforeFrontend;
        this.context = context;
        this.connections = connections;
        this.tls = tls;
        this.http1 = http1;
        this.http1Limits = http1Limits;
        this.http2 = http2;
        this.edgeTls = edgeTls;
        this.edgeHandshakeFailures = edgeHandshakeFailures;
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        context.connectionAccepted();
        if (context.listener().direction() == TrafficDirection.INBOUND) {
            if (MutualTlsStage.addTo(channel, tls)) {
                channel.pipeline().addLast(AlpnProtocolChoice.NAME, new AlpnProtocolChoice(this::http1, http2::addLast));
            }
            return;
        }
        if (edgeTls != null) {
            EdgeTlsStage.addTo(channel, edgeTls, edgeHandshakeFailures);
            channel.pipeline().addLast(AlpnProtocolChoice.NAME, new AlpnProtocolChoice(this::http1, http2::addLast));
            return;
        }
        channel.pipeline().addLast(DETECT,
                new ProtocolDetector(http1Limits.requestHeadersTimeout(), this::http1, http2::addLast));
    }

    private void http1(Channel channel) {
        http1.addLast(channel.pipeline(), CODEC);
        channel.pipeline().addLast(FRONTEND, new FrontendHandler(context));
        beforeFrontend.accept(channel.pipeline());
    }
}
