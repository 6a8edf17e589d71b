package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.codec.FlushCoalescing;
import io.banyan.sidecar.tls.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.SslContext;

/**
 * Builds an HTTP/2 upstream connection's pipeline: TLS (ALPN {@code h2}) when the hook gives a context, else h2c
 * with prior knowledge; flush coalescing, the client connection codec whose frame listener is the connection's
 * {@link StreamFrames} (no child channel per stream), the {@link MultiplexedConnection}.
 */
final class Http2UpstreamInitializer extends ChannelInitializer<Channel> {

    static final String TLS = "tls";
    static final String FLUSHES = "flushes";
    static final String CODEC = "h2-codec";
    static final String CONNECTION = "connection";

    private static final int MAX_HEADER_LIST = 64 * 1024;
    private static final int STREAM_WINDOW = 1024 * 1024;

    private final PoolKey key;
    private final UpstreamTls tls;
    private final MultiplexedConnection connection;
    private final ChannelGroup channels;

    Http2UpstreamInitializer(PoolKey key, UpstreamTls tls, MultiplexedConnection connection, ChannelGroup channels) {
        this.key = key;
        this.tls = tls;
        this.connection = connection;
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel channel) {
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        // asked per connection, so a rotated identity applies to every new connection
        SslContext sslContext = tls.sslContextFor(key.service(), key.endpoint(), true).orElse(null);
        if (sslContext != null) {
            Endpoint endpoint = key.endpoint();
            pipeline.addLast(TLS, sslContext.newHandler(channel.alloc(), endpoint.host(), endpoint.port()));
        }
        Http2Settings settings = Http2Settings.defaultSettings()
                .pushEnabled(false)
                .maxHeaderListSize(MAX_HEADER_LIST)
                .initialWindowSize(STREAM_WINDOW);
        pipeline.addLast(FLUSHES, FlushCoalescing.newHandler());
        pipeline.addLast(CODEC, new Http2ConnectionHandlerBuilder()
                .connection(clientConnection())
                .initialSettings(settings)
                .frameListener(connection.frames())
                .build());
        pipeline.addLast(CONNECTION, connection);
    }

    /**
     * The client side of a connection whose DATA goes out in turns by Netty's uniform distributor: a proxy's
     * streams carry no HTTP/2 priorities (RFC 9113 deprecated them), and the default weighted-fair queue keeps a
     * priority tree whose state is allocated and moved per stream.
     */
    private static Http2Connection clientConnection() {
        Http2Connection connection = new DefaultHttp2Connection(false);
        connection.remote().flowController(
                new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
        return connection;
    }
}
