package io.banyan.sidecar.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The sidecar's admin endpoints: a Netty HTTP/1.1 server on {@code host:port} (port 0 picks a free one,
 * see {@link #port()}). Serves {@code /ready}, {@code /live}, {@code /metrics}, {@code /config_dump},
 * {@code /clusters} and {@code POST /drain} from {@link AdminSources}, to the callers {@link AdminAccess} admits
 * (never a web page). Runs on its own single event loop
 * unless given a group; the drain hook runs on its own thread.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final String host;
    private final int requestedPort;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ExecutorService drainExecutor;
    private final AdminRoutes routes;
    private final AdminAccess access;
    private volatile Channel serverChannel;

    private final ChannelGroup connections = new DefaultChannelGroup("admin-connections", GlobalEventExecutor.INSTANCE);

    /** On its own one-thread NIO event loop, for local callers only (loopback {@code Host}, no token). */
    public AdminServer(String host, int port, AdminSources sources) {
        this(host, port, sources, AdminAccess.localOnly(), null);
    }

    /** On its own one-thread NIO event loop, for the callers {@code access} admits. */
    public AdminServer(String host, int port, AdminSources sources, AdminAccess access) {
        this(host, port, sources, access, null);
    }

    /**
     * On {@code group} (not closed here; null for its own one-thread event loop), for the callers {@code access}
     * admits.
     */
    public AdminServer(String host, int port, AdminSources sources, AdminAccess access, EventLoopGroup group) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("admin-port: " + port + " (expected: 0..65535)");
        }
        this.host = Objects.requireNonNull(host, "host");
        this.requestedPort = port;
        this.ownsGroup = group == null;
        this.group = group != null ? group : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.drainExecutor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-drain");
            thread.setDaemon(true);
            return thread;
        });
        this.routes = AdminRoutes.of(Objects.requireNonNull(sources, "sources"), drainExecutor);
        this.access = Objects.requireNonNull(access, "access");
    }

    /** Binds and returns the bound port. Call from a plain thread, never an event loop (it waits for the bind). */
    public int start() throws InterruptedException {
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new AdminServerInitializer(routes, access, connections))
                .bind(host, requestedPort)
                .sync()
                .channel();
        log.info("admin endpoints listen on http://{}:{}/", host, port());
        return port();
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException("admin server not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        Channel channel = serverChannel;
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        // Close kept-alive connections explicitly (the group may be shared and outlive this server).
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        drainExecutor.shutdown();
    }
}
