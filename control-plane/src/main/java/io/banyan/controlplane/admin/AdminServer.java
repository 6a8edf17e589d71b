package io.banyan.controlplane.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin REST API server (HTTP/1.1 on Netty, epoll where available). Handlers run on a small
 * executor, never on the event loop. {@code /healthz} and {@code /metrics} are always served, without a token, even
 * when the connection limit is reached (see {@link AdminLimits}).
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final InetSocketAddress bindAddress;
    private final AdminDispatcher dispatcher;
    private final AdminLimits limits;
    private final ConnectionLimit connectionLimit;
    private final PrometheusMeterRegistry meters;
    private final ExecutorService executor;
    private final ChannelGroup connections = new DefaultChannelGroup("admin-connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private Channel channel;

    /**
     * @param bindAddress address to bind (e.g. 0.0.0.0)
     * @param port        port to bind; 0 picks a free one (see {@link #port()})
     * @param adminToken  the bearer token; empty turns auth off
     * @param prometheus  served at /metrics; admin request metrics are recorded in it
     * @param resources   the API's resources (see {@link AdminResources#registry})
     * @param limits      connection limit and slow-client timeouts
     */
    public AdminServer(String bindAddress, int port, String adminToken, PrometheusMeterRegistry prometheus,
                       List<AdminResource> resources, AdminLimits limits) {
        this.bindAddress = new InetSocketAddress(bindAddress, port);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.meters = prometheus;
        this.connectionLimit = new ConnectionLimit(limits.maxConnections(), prometheus);
        RouteTable routes = new RouteTable();
        new OpsResource(prometheus).addRoutes(routes);
        resources.forEach(resource -> resource.addRoutes(routes));
        BearerAuth auth = new BearerAuth(adminToken);
        if (!auth.enabled()) {
            log.warn("admin API auth is OFF (empty admin token)");
        }
        this.dispatcher = new AdminDispatcher(routes, auth, prometheus);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "banyan-admin-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A server with the default {@link AdminLimits}. */
    public AdminServer(String bindAddress, int port, String adminToken, PrometheusMeterRegistry prometheus,
                       List<AdminResource> resources) {
        this(bindAddress, port, adminToken, prometheus, resources, AdminLimits.DEFAULT);
    }

    /** Binds and returns once the server listens. */
    public synchronized AdminServer start() throws InterruptedException {
        if (channel != null) {
            throw new IllegalStateException("admin server already started");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(1, io);
        try {
            channel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .childHandler(new AdminInitializer(dispatcher, executor, connections, limits,
                            connectionLimit, meters))
                    .bind(bindAddress).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        log.info("admin API listening on {}", channel.localAddress());
        return this;
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        if (channel == null) {
            throw new IllegalStateException("admin server not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        // Close kept-alive connections explicitly: a client must see them end, not find them silent.
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        executor.shutdownNow();
    }
}
