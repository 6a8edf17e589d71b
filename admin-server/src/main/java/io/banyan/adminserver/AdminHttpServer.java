package io.banyan.adminserver;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An admin HTTP/1.1 server on Netty (epoll where available, one event loop of its own): the one both processes
 * run, each with its own routes and {@link AdminGate}. Handlers run on a small executor, never on the event loop.
 * The open routes are always served without a token, even when the connection limit is reached (see
 * {@link AdminLimits}).
 */
public final class AdminHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminHttpServer.class);

    private final InetSocketAddress bindAddress;
    private final String name;
    private final RouteTable routes;
    private final AdminDispatcher dispatcher;
    private final AdminLimits limits;
    private final ConnectionLimit connectionLimit;
    private final MeterRegistry meters;
    private final ExecutorService executor;
    private final ChannelGroup connections = new DefaultChannelGroup("admin-connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private Channel channel;

    private AdminHttpServer(Builder builder) {
        this.bindAddress = new InetSocketAddress(builder.host, builder.port);
        this.name = builder.name;
        this.routes = builder.routes;
        this.limits = builder.limits;
        this.meters = builder.meters;
        this.connectionLimit = new ConnectionLimit(limits.maxConnections(), meters);
        this.dispatcher = new AdminDispatcher(routes, builder.gate, builder.errors, builder.responseHeaders, name, meters);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "banyan-admin-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A server of {@code routes}, refusing what {@code gate} refuses. */
    public static Builder builder(RouteTable routes, AdminGate gate) {
        return new Builder(routes, gate);
    }

    /** Binds and returns once the server listens. Call from a plain thread, never an event loop. */
    public synchronized AdminHttpServer start() throws InterruptedException {
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
        log.info("{} admin API listening on {}", name, channel.localAddress());
        return this;
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        Channel bound = channel;
        if (bound == null) {
            throw new IllegalStateException("admin server not started");
        }
        return ((InetSocketAddress) bound.localAddress()).getPort();
    }

    /** The routes this server dispatches on. */
    public List<RouteTable.Route> routes() {
        return routes.routes();
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

    /** What an admin server serves and how; every setting but the routes and the gate has a default. */
    public static final class Builder {

        private final RouteTable routes;
        private final AdminGate gate;
        private String host = "127.0.0.1";
        private int port;
        private String name = "banyan";
        private AdminLimits limits = AdminLimits.DEFAULT;
        private ErrorAnswers errors = ErrorAnswers.NONE;
        private MeterRegistry meters;
        private final Map<String, String> responseHeaders = new LinkedHashMap<>();

        private Builder(RouteTable routes, AdminGate gate) {
            this.routes = Objects.requireNonNull(routes, "routes");
            this.gate = Objects.requireNonNull(gate, "gate");
        }

        /** The address and port to bind; port 0 picks a free one (see {@link #port()}). */
        public Builder bind(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("admin-port: " + port + " (expected: 0..65535)");
            }
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** Names the process in logs and in a 500's detail ("control plane", "sidecar"). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder limits(AdminLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Answers the handlers' domain failures (else 500). */
        public Builder errors(ErrorAnswers errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        /** Where the admin request, connection and timeout metrics go. */
        public Builder meters(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /** A header set on every answer of a route or the gate that does not set it itself. */
        public Builder responseHeader(String name, String value) {
            responseHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public AdminHttpServer build() {
            Objects.requireNonNull(meters, "meters");
            return new AdminHttpServer(this);
        }
    }
}
