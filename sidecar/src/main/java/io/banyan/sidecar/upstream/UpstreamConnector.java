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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens upstream connections: one bootstrap per HTTP/1.1 endpoint pool and one per HTTP/2 connection, on the
 * pool's event loop, with the transport the {@link UpstreamTls} hook chooses for the endpoint. Host names
 * resolve through Netty's non-blocking DNS. Every channel, the resolver's included, is of the classes
 * {@link ChannelTypes} gives for the loop it runs on (tcp_proxy streams run on NIO loops beside the epoll ones).
 */
public final class UpstreamConnector implements AutoCloseable {

    private final ChannelTypes channelTypes;
    private final UpstreamTls tls;
    private final PoolSettings settings;
    /** One resolver group per datagram class: a resolver's UDP channel must be of its loop's transport. */
    private final Map<Class<? extends DatagramChannel>, DnsAddressResolverGroup> resolvers = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("upstream", GlobalEventExecutor.INSTANCE);

    public UpstreamConnector(ChannelTypes channelTypes, UpstreamTls tls, PoolSettings settings) {
        this.channelTypes = Objects.requireNonNull(channelTypes, "channelTypes");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public PoolSettings settings() {
        return settings;
    }

    Bootstrap bootstrap(EventLoop loop, PoolKey key, EndpointPool pool, long connectTimeoutMillis,
                        long idleTimeoutMillis) {
        return configured(loop, connectTimeoutMillis)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new UpstreamInitializer(key, tls, idleTimeoutMillis, pool, channels));
    }

    /** For one HTTP/2 connection: always reading (streams are flow-controlled each on its own). */
    Bootstrap http2Bootstrap(EventLoop loop, PoolKey key, MultiplexedConnection connection, long connectTimeoutMillis) {
        return configured(loop, connectTimeoutMillis)
                .option(ChannelOption.AUTO_READ, true)
                .handler(new Http2UpstreamInitializer(key, tls, connection, channels));
    }

    private Bootstrap configured(EventLoop loop, long connectTimeoutMillis) {
        return on(loop)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
    }

    /** A bootstrap on {@code loop} with the socket class and the resolver of that loop's transport. */
    private Bootstrap on(EventLoop loop) {
        Class<? extends SocketChannel> socket = channelTypes.socket(loop);
        DnsAddressResolverGroup resolver = resolvers.computeIfAbsent(channelTypes.datagram(loop),
                datagram -> new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                        .datagramChannelType(datagram)
                        .socketChannelType(socket)));
        return new Bootstrap().group(loop).channel(socket).resolver(resolver);
    }

    /** The transport hook, for connections opened outside the pools (opaque TCP streams). */
    public UpstreamTls tls() {
        return tls;
    }

    /**
     * Opens a connection for an opaque byte stream (tcp_proxy) to {@code endpoint} on {@code loop}: the same
     * options as pooled connections, auto-read off, half-closure allowed, a socket of the loop's transport (NIO on
     * {@code EventLoops.streamGroup()}); closed with this connector.
     * {@code initializer} builds its pipeline (TLS from {@link #tls()} included).
     */
    public ChannelFuture connectStream(EventLoop loop, Endpoint endpoint, long connectTimeoutMillis,
                                       ChannelHandler initializer) {
        ChannelFuture connect = configured(loop, connectTimeoutMillis)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
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
        resolvers.values().forEach(DnsAddressResolverGroup::close);
    }
}
