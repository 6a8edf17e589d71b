package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.PoolSettings;
import io.banyan.sidecar.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Opens upstream connections: one bootstrap per HTTP/1.1 endpoint pool and one per HTTP/2 connection, on the
 * pool's event loop, with the transport the {@link UpstreamTls} hook chooses for the endpoint. Host names
 * resolve through Netty's non-blocking DNS.
 */
public final class UpstreamConnector implements AutoCloseable {

    private final Class<? extends SocketChannel> channelType;
    private final UpstreamTls tls;
    private final PoolSettings settings;
    private final DnsAddressResolverGroup resolver;
    private final ChannelGroup channels = new DefaultChannelGroup("upstream", GlobalEventExecutor.INSTANCE);

    public UpstreamConnector(Class<? extends SocketChannel> channelType, Class<? extends DatagramChannel> datagramType,
                             UpstreamTls tls, PoolSettings settings) {
        this.channelType = Objects.requireNonNull(channelType, "channelType");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(datagramType)
                .socketChannelType(channelType));
    }

    public PoolSettings settings() {
        return settings;
    }

    Bootstrap bootstrap(EventLoop loop, PoolKey key, EndpointPool pool, long connectTimeoutMillis,
                        long idleTimeoutMillis) {
        return pooled(loop, connectTimeoutMillis)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new UpstreamInitializer(key, tls, idleTimeoutMillis, pool, channels));
    }

    /** For one HTTP/2 connection: always reading (streams are flow-controlled each on its own). */
    Bootstrap http2Bootstrap(EventLoop loop, PoolKey key, MultiplexedConnection connection, long connectTimeoutMillis) {
        return pooled(loop, connectTimeoutMillis)
                .option(ChannelOption.AUTO_READ, true)
                .handler(new Http2UpstreamInitializer(key, tls, connection, channels));
    }

    private Bootstrap pooled(EventLoop loop, long connectTimeoutMillis) {
        return new Bootstrap()
                .group(loop)
                .channel(channelType)
                .resolver(resolver)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
    }

    /** The transport hook, for connections opened outside the pools (opaque TCP streams). */
    public UpstreamTls tls() {
        return tls;
    }

    /**
     * Opens a connection for an opaque byte stream (tcp_proxy) to {@code endpoint} on {@code loop}: the same
     * resolver and options as pooled connections, auto-read off, half-closure allowed; closed with this connector.
     * {@code initializer} builds its pipeline (TLS from {@link #tls()} included).
     */
    public ChannelFuture connectStream(EventLoop loop, Endpoint endpoint, long connectTimeoutMillis,
                                       ChannelHandler initializer) {
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .resolver(resolver)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                .handler(initializer)
                .connect(address(endpoint));
        channels.add(connect.channel());
        return connect;
    }

    void handshakeFailed(PoolKey key, Throwable cause) {
        tls.onHandshakeFailure(key.cluster(), key.endpoint(), cause);
    }

    SocketAddress address(Endpoint endpoint) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(endpoint.host());
        if (literal != null) {
            return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(endpoint.host()), endpoint.port());
        }
        return InetSocketAddress.createUnresolved(endpoint.host(), endpoint.port());
    }

    /** Closes every upstream connection, pooled or in use, and the resolver. */
    @Override
    public void close() {
        channels.close();
        resolver.close();
    }
}
