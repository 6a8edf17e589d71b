package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.tls.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;

import java.util.concurrent.TimeUnit;

/** Builds an HTTP/1.1 upstream connection's pipeline: TLS when the hook gives a context, HTTP/1.1 client codec, the connection (which keeps the idle timer). */
final class UpstreamInitializer extends ChannelInitializer<Channel> {

    static final String TLS = "tls";
    static final String CODEC = "codec";
    static final String CONNECTION = "connection";

    private static final int MAX_STATUS_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 60 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final PoolKey key;
    private final UpstreamTls tls;
    private final long idleTimeoutMillis;
    private final EndpointPool pool;
    private final ChannelGroup channels;

    UpstreamInitializer(PoolKey key, UpstreamTls tls, long idleTimeoutMillis, EndpointPool pool,
                        ChannelGroup channels) {
        this.channels = channels;
        this.key = key;
        this.tls = tls;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.pool = pool;
    }

    @Override
    protected void initChannel(Channel channel) {
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        // asked per connection, so a rotated identity applies to every new connection
        SslContext sslContext = tls.sslContextFor(key.service(), key.endpoint(), false).orElse(null);
        if (sslContext != null) {
            Endpoint endpoint = key.endpoint();
            pipeline.addLast(TLS, sslContext.newHandler(channel.alloc(), endpoint.host(), endpoint.port()));
        }
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_STATUS_LINE)
                .setMaxHeaderSize(MAX_HEADERS)
                .setMaxChunkSize(MAX_CHUNK);
        pipeline.addLast(CODEC, new HttpClientCodec(decoder, false, true));
        pipeline.addLast(CONNECTION, new Http1Connection(pool, TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis)));
    }
}
