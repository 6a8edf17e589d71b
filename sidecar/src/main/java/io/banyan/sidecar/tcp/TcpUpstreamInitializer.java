package io.banyan.sidecar.tcp;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.tls.UpstreamTls;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;

/** Builds an upstream stream's pipeline: TLS when the hook gives a context (mesh endpoints: mutual TLS), then the relay to the downstream. */
final class TcpUpstreamInitializer extends ChannelInitializer<Channel> {

    static final String TLS = "tls";
    static final String RELAY = "relay";

    private final String service;
    private final Endpoint endpoint;
    private final UpstreamTls tls;
    private final TcpSession session;
    private final Counter bytesToDownstream;

    TcpUpstreamInitializer(String service, Endpoint endpoint, UpstreamTls tls, TcpSession session,
                           Counter bytesToDownstream) {
        this.service = service;
        this.endpoint = endpoint;
        this.tls = tls;
        this.session = session;
        this.bytesToDownstream = bytesToDownstream;
    }

    @Override
    protected void initChannel(Channel channel) {
        // asked per connection, so a rotated identity applies to every new connection
        SslContext ssl = tls.sslContextFor(service, endpoint).orElse(null);
        if (ssl != null) {
            channel.pipeline().addLast(TLS, ssl.newHandler(channel.alloc(), endpoint.host(), endpoint.port()));
        }
        channel.pipeline().addLast(RELAY, new Relay(session, bytesToDownstream));
    }
}
