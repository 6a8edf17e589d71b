package io.banyan.sidecar.listener;

import io.banyan.sidecar.config.TrafficDirection;
import io.banyan.sidecar.proxy.FrontendHandler;
import io.banyan.sidecar.proxy.ProxyContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

/**
 * Builds a downstream connection's pipeline: on inbound listeners mutual TLS first (no identity yet: the connection
 * is closed, never served in plaintext), then the HTTP/1.1 server codec with bounded head sizes, then the frontend.
 */
final class ServerInitializer extends ChannelInitializer<Channel> {

    static final String TLS = "tls";
    static final String TLS_HANDSHAKE = "tls-handshake";
    static final String CODEC = "codec";
    static final String FRONTEND = "frontend";

    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADERS = 60 * 1024;
    static final int MAX_CHUNK = 64 * 1024;

    private final ProxyContext context;
    private final ChannelGroup connections;
    private final InboundTls tls;

    ServerInitializer(ProxyContext context, ChannelGroup connections, InboundTls tls) {
        this.context = context;
        this.connections = connections;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        context.connectionAccepted();
        if (context.listener().direction() == TrafficDirection.INBOUND) {
            SslContext ssl = tls.serverContext().orElse(null);
            if (ssl == null) {
                channel.close(); // no workload certificate yet: fail closed
                return;
            }
            channel.pipeline()
                    .addLast(TLS, ssl.newHandler(channel.alloc()))
                    .addLast(TLS_HANDSHAKE, new InboundHandshakeHandler(tls));
        }
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADERS)
                .setMaxChunkSize(MAX_CHUNK);
        channel.pipeline()
                .addLast(CODEC, new HttpServerCodec(decoder))
                .addLast(FRONTEND, new FrontendHandler(context));
    }
}
