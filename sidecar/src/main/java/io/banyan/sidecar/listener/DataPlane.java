package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.Http1Limits;
import io.banyan.dataplane.config.Http2Limits;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MeshConfigListener;
import io.banyan.dataplane.config.MeshHeaderReserve;
import io.banyan.dataplane.config.PoolSettings;
import io.banyan.dataplane.config.ProtocolLimits;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.TunnelSettings;
import io.banyan.primitives.random.PerThreadRandom;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.cluster.ClusterEnvironment;
import io.banyan.sidecar.cluster.ClusterStatus;
import io.banyan.sidecar.cluster.PooledHealthProber;
import io.banyan.sidecar.core.DrainEvent;
import io.banyan.sidecar.http1.DownstreamHop;
import io.banyan.sidecar.http1.Http1Guards;
import io.banyan.sidecar.http1.Http1Meters;
import io.banyan.sidecar.http2.Http2Meters;
import io.banyan.sidecar.http2.Http2ServerPipeline;
import io.banyan.sidecar.loadstats.LoadRecorders;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.mirror.Mirrors;
import io.banyan.sidecar.mirror.ShadowLedger;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.proxy.FrontendHandler;
import io.banyan.sidecar.proxy.ProxyContext;
import io.banyan.sidecar.proxy.RoutingState;
import io.banyan.sidecar.tcp.DrainTiming;
import io.banyan.sidecar.tcp.TcpMetrics;
import io.banyan.sidecar.tcp.TcpProxyContext;
import io.banyan.sidecar.tls.EdgeTls;
import io.banyan.sidecar.tls.JwksTrust;
import io.banyan.sidecar.tls.InboundTls;
import io.banyan.sidecar.tls.TlsMetrics;
import io.banyan.sidecar.tls.UpstreamTls;
import io.banyan.sidecar.upstream.ConnectionPool;
import io.banyan.sidecar.upstream.UpstreamConnector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The HTTP data plane: on each accepted {@link MeshConfig} it swaps the routing state atomically, then
 * reconciles listeners (binds new ones, keeps unchanged ones, closes removed or changed ones). Nothing
 * here blocks: binds complete asynchronously and {@link #ready()} tells when the first config's listeners
 * are all bound. The event loops belong to the caller, who closes them (both groups: {@link EventLoops#close()}) after
 * this. HTTP listeners run on the main group (epoll where available), tcp_proxy listeners on the NIO stream group.
 *
 * <p>Life of a request: {@link ServerInitializer} (codec, frontend) → {@code proxy.FrontendHandler} →
 * {@code proxy.Exchange}: {@code route.Router} picks route and weighted cluster, {@code cluster.Clusters}
 * gives its {@code loadbalance.LoadBalancer}, which picks an endpoint, {@code upstream.ConnectionPool}
 * hands a pooled or new connection on the same event loop, and the exchange streams both ways.
 * Transport per endpoint comes from the {@link UpstreamTls} hook (plaintext by default); inbound listeners speak
 * mutual TLS only, with the {@link InboundTls} server context, and refuse connections while there is none.
 * A tcp_proxy listener ({@link ListenerConfig#isTcp()}) gets the {@link TcpServerInitializer} pipeline instead:
 * {@code tcp.TcpFrontendHandler} connects to an endpoint of its cluster and relays bytes both ways.
 */
public final class DataPlane implements MeshConfigListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);

    private final RequestMetrics metrics;
    private final ClusterEnvironment clusterEnvironment;
    private final TcpMetrics tcpMetrics;
    private final InboundTls inboundTls;
    private final boolean edge;
    private final EdgeTls edgeTls;
    /** An edge gateway's end-user policy; null for a sidecar, whose pipelines do not have it. */
    private final EdgePolicies edgePolicies;
    private final TlsMetrics tlsMetrics;
    private final Http1Limits http1Limits;
    private final ExchangeObserver observer;
    private final Http2Limits http2Limits;
    private final TunnelSettings tunnelSettings;
    private final UpstreamConnector connector;
    private final ConnectionPool pool;
    private final ShadowLedger shadows;
    private final Mirrors mirrors;
    /** HTTP listeners: the main event loop group (epoll where available). */
    private final ServerBootstrap bootstrap;
    /** tcp_proxy listeners: the NIO stream group ({@link EventLoops} says why). */
    private final ServerBootstrap streamBootstrap;
    private final ChannelGroup connections = new DefaultChannelGroup("downstream", GlobalEventExecutor.INSTANCE);
    private final AtomicReference<RoutingState> state = new AtomicReference<>(RoutingState.EMPTY);
    private final Map<String, ActiveListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, InetSocketAddress> bound = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ReservedPorts reserved = new ReservedPorts();
    private volatile boolean draining;
    private boolean closed;

    /**
     * A data plane on {@code loops}, its meters in {@code registry}: plaintext upstreams, inbound listeners refusing
     * every connection (inbound is mutual TLS only) and default limits unless the builder says otherwise.
     */
    public static Builder builder(EventLoops loops, MeterRegistry registry) {
        return new Builder(loops, registry);
    }

    private DataPlane(Builder builder) {
        EventLoops loops = builder.loops;
        this.http1Limits = builder.http1Limits;
        this.observer = builder.observer;
        this.http2Limits = builder.http2Limits;
        this.tunnelSettings = builder.tunnelSettings;
        this.inboundTls = builder.inboundTls;
        this.edge = builder.edge;
        this.edgeTls = builder.edgeTls;
        this.edgePolicies = builder.edge ? new EdgePolicies(builder.jwksTrust, builder.registry) : null;
        this.tlsMetrics = new TlsMetrics(builder.registry);
        this.metrics = new RequestMetrics(builder.registry);
        this.tcpMetrics = new TcpMetrics(builder.registry);
        this.connector = new UpstreamConnector(loops, builder.upstreamTls, builder.poolSettings);
        this.pool = new ConnectionPool(connector);
        this.shadows = new ShadowLedger(Clock.systemUTC());
        this.mirrors = new Mirrors(pool::acquire, metrics::mirror, PerThreadRandom.get(), shadows, builder.loads,
                Ticker.system());
        this.clusterEnvironment = new ClusterEnvironment(builder.localZone, loops.group(), Ticker.system(),
                Clock.systemUTC(), builder.registry, new PooledHealthProber(pool, loops.group()), builder.loads);
        this.bootstrap = serverBootstrap(loops.group(), loops.serverChannelType());
        this.streamBootstrap = serverBootstrap(loops.streamGroup(), loops.streamServerChannelType());
    }

    private static ServerBootstrap serverBootstrap(EventLoopGroup group, Class<? extends ServerChannel> channelType) {
        return new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    @Override
    public synchronized void onConfig(MeshConfig config) {
        if (closed) {
            return;
        }
        state.set(RoutingState.from(config, state.get(), metrics, clusterEnvironment));
        shadows.retainClustersOf(config);
        if (edgePolicies != null) {
            edgePolicies.update(config);
        }
        if (draining) {
            return;
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (var it = listeners.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ActiveListener> entry = it.next();
            ListenerConfig wanted = config.listeners().get(entry.getKey());
            if (!entry.getValue().config().sameBinding(wanted)) { // authorization changes apply without a rebind
                it.remove();
                bound.remove(entry.getKey());
                closing.add(entry.getValue().close());
                log.info("listener {} closed", entry.getKey());
            }
        }
        CompletableFuture<Void> closed = CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
        List<CompletableFuture<Channel>> binding = new ArrayList<>();
        for (ListenerConfig wanted : config.listeners().values()) {
            if (!listeners.containsKey(wanted.name())) {
                CompletableFuture<Channel> channel = new CompletableFuture<>();
                listeners.put(wanted.name(), new ActiveListener(wanted, channel));
                binding.add(channel);
                closed.thenCompose(v -> bind(wanted)).whenComplete((ch, failure) -> {
                    if (failure == null) {
                        channel.complete(ch);
                    } else {
                        channel.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                });
            }
        }
        if (!ready.isDone()) {
            // completed off the event loops, so a caller's thenRun(...) never runs on (and blocks) one
            CompletableFuture.allOf(binding.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, failure) -> {
                if (failure == null) {
                    ready.complete(null);
                } else {
                    ready.completeExceptionally(failure instanceof CompletionException
                            ? failure.getCause() : failure);
                }
            });
        }
    }

    /**
     * Completes when the first config's listeners are all bound; fails naming the listener that could not
     * bind. Completed on a common-pool thread, never an event loop.
     */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** The shadow comparisons of the mirror clusters (the load reporter's {@code ShadowSource}, the admin's view). */
    public ShadowLedger shadows() {
        return shadows;
    }

    /** The live state of every cluster of the current config (endpoints' health flags, usage), for the admin /clusters. */
    public List<ClusterStatus> clusterStatus() {
        return state.get().clusters().status();
    }

    /**
     * Binds {@code address} on a port the OS chooses, before any config names it, and returns that port: a listener of
     * a later config with this address and port takes the socket over instead of binding. Until then the socket
     * accepts nothing (connections wait in the kernel's queue). Waits for the bind: call it off the event loops.
     */
    public int reservePort(String address) {
        return reserved.reserve(bootstrap, address);
    }

    /**
     * The port the listener {@code name} is bound to now: the one its config names, or the one the OS chose when the
     * config says 0 ("any free port").
     *
     * @throws IllegalArgumentException if no listener of that name is bound now
     */
    public int boundPort(String name) {
        InetSocketAddress address = bound.get(name);
        if (address == null) {
            throw new IllegalArgumentException("listener: '" + name + "' (expected: one of the bound listeners "
                    + new java.util.TreeSet<>(bound.keySet()) + ")");
        }
        return address.getPort();
    }

    /** The listeners bound now, by name, with their local addresses. */
    public Map<String, InetSocketAddress> boundListeners() {
        return Map.copyOf(bound);
    }

    /**
     * Stops accepting and lets in-flight requests finish; completes when every downstream connection has closed.
     * The connections are told once the listeners have stopped accepting, so that one accepted while they closed is
     * drained (and awaited) too.
     */
    public synchronized CompletableFuture<Void> drain() {
        draining = true;
        return CompletableFuture.allOf(closeListeners().toArray(CompletableFuture[]::new))
                .handle((closed, error) -> null)
                .thenCompose(closed -> drainConnections());
    }

    private CompletableFuture<Void> drainConnections() {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Channel channel : connections) {
            closing.add(Futures.of(channel.closeFuture()));
            channel.pipeline().fireUserEventTriggered(new DrainEvent());
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    /** Closes listeners and every downstream connection (their upstream connections follow). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draining = true;
        try { // no connection accepted after the group was closed below slips through
            CompletableFuture.allOf(closeListeners().toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("listeners did not close cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        state.get().clusters().close(); // outlier sweeps
        if (edgePolicies != null) {
            edgePolicies.close();
        }
        connector.close();
    }

    /** The pipeline of a tcp_proxy listener's connections: opaque bytes to an endpoint of its cluster. */
    private TcpServerInitializer tcpInitializer(ListenerConfig config) {
        Counter accepted = Counter.builder(MetricNames.DOWNSTREAM_CONNECTIONS)
                .tag("listener", config.name())
                .register(metrics.registry());
        TcpProxyContext context = new TcpProxyContext(config, () -> state.get().clusters(),
                () -> state.get().authorization(config.name()), connector, tcpMetrics, DrainTiming.DEFAULT);
        return new TcpServerInitializer(context, connections, inboundTls, accepted);
    }

    /** Closes every listener socket; the futures complete once each has stopped accepting. */
    private List<CompletableFuture<Void>> closeListeners() {
        List<CompletableFuture<Void>> closing = new ArrayList<>(reserved.close());
        listeners.values().stream().map(ActiveListener::close).forEach(closing::add);
        listeners.clear();
        bound.clear();
        return closing;
    }

    private CompletableFuture<Channel> bind(ListenerConfig config) {
        ProxyContext context = new ProxyContext(config, state::get, pool, metrics, () -> draining, tunnelSettings,
                mirrors, observer);
        boolean inbound = config.direction() == TrafficDirection.INBOUND;
        boolean atEdge = edge && !inbound;
        DownstreamHop hop = DownstreamHop.of(inbound, edge);
        Http1Limits http1 = inbound ? MeshHeaderReserve.widen(http1Limits) : http1Limits;
        Http2Limits http2 = inbound ? MeshHeaderReserve.widen(http2Limits) : http2Limits;
        EarlyAnswers answers = new EarlyAnswers(observer, config.name(), config.direction(), Clock.systemUTC(),
                Ticker.system());
        Consumer<ChannelPipeline> beforeFrontend = atEdge && edgePolicies != null
                ? frontend -> edgePolicies.addBeforeFrontend(frontend, config, state::get, answers) : frontend -> { };
        ChannelHandler pipeline = config.isTcp() ? tcpInitializer(config)
                : new ServerInitializer(context, connections, inboundTls,
                new Http1Guards(http1, new Http1Meters(metrics.registry(), config.name()), hop, answers),
                http1, new Http2ServerPipeline(http2,
                new Http2Meters(metrics.registry(), config.name()), () -> new FrontendHandler(context), hop,
                beforeFrontend, answers),
                atEdge ? edgeTls : null, failure -> tlsMetrics.handshakeFailed(TlsMetrics.EDGE, failure),
                beforeFrontend);
        return bindOrAdopt(config, pipeline)
                .handle((channel, failure) -> {
                    if (failure != null) {
                        String message = "listener " + config.name() + " could not bind " + config.address() + ":"
                                + config.port() + ": " + failure.getMessage();
                        log.error(message);
                        throw new IllegalStateException(message, failure);
                    }
                    ActiveListener current = listeners.get(config.name());
                    if (current != null && current.config() == config && !draining) {
                        bound.put(config.name(), (InetSocketAddress) channel.localAddress());
                        log.info("listener {} ({}) bound to {}", config.name(), config.direction(), channel.localAddress());
                    }
                    return channel;
                });
    }

    /**
     * An HTTP listener takes over the socket reserved on its address and port, if any. A tcp_proxy listener cannot:
     * a reserved socket is of the main group's transport (epoll), so it closes the reservation and binds the same
     * port afresh on the NIO stream group. The port is free for that moment; another process binding exactly it then
     * fails the listener ("could not bind"), and connections queued on the reserved socket are refused.
     */
    private CompletableFuture<Channel> bindOrAdopt(ListenerConfig config, ChannelHandler pipeline) {
        if (config.isTcp()) {
            return reserved.release(config.address(), config.port()).thenCompose(v -> Futures.of(
                    streamBootstrap.clone().childHandler(pipeline).bind(config.address(), config.port())));
        }
        Channel reservedChannel = reserved.adopt(config.address(), config.port(), pipeline);
        return reservedChannel != null
                ? CompletableFuture.completedFuture(reservedChannel)
                : Futures.of(bootstrap.clone().childHandler(pipeline).bind(config.address(), config.port()));
    }

    /** The server channel of the listener {@code name}, once bound (tests check its transport); null if none. */
    Channel listenerChannel(String name) {
        ActiveListener listener = listeners.get(name);
        return listener == null ? null : listener.channel().handle((channel, failure) -> channel).getNow(null);
    }

    /**
     * What a data plane is built from; every part but the event loops and the meter registry has a default: plaintext
     * upstreams, inbound listeners that refuse every connection, {@link PoolSettings#DEFAULT},
     * {@link ProtocolLimits#DEFAULT} and no local zone.
     */
    public static final class Builder {

        private final EventLoops loops;
        private final MeterRegistry registry;
        private UpstreamTls upstreamTls = UpstreamTls.plaintext();
        private InboundTls inboundTls = InboundTls.refuseAll();
        private boolean edge;
        private EdgeTls edgeTls;
        private SSLContext jwksTrust;
        private PoolSettings poolSettings = PoolSettings.DEFAULT;
        private Http1Limits http1Limits = Http1Limits.DEFAULT;
        private Http2Limits http2Limits = Http2Limits.DEFAULT;
        private TunnelSettings tunnelSettings = TunnelSettings.DEFAULT;
        private String localZone = "";
        private LoadRecorders loads = new LoadRecorders();
        private ExchangeObserver observer = ExchangeObserver.NONE;

        private Builder(EventLoops loops, MeterRegistry registry) {
            this.loops = nonNull(loops, "loops");
            this.registry = nonNull(registry, "registry");
        }

        /** Transport per upstream endpoint (mesh endpoints speak mutual TLS); {@code tls.MeshTls} is one. */
        public Builder upstreamTls(UpstreamTls upstreamTls) {
            this.upstreamTls = nonNull(upstreamTls, "upstreamTls");
            return this;
        }

        /** The server context of inbound listeners (mutual TLS only); {@code tls.MeshTls} is one. */
        public Builder inboundTls(InboundTls inboundTls) {
            this.inboundTls = nonNull(inboundTls, "inboundTls");
            return this;
        }

        /**
         * An edge gateway's data plane: its (outbound) listeners face clients outside the mesh, so the clients'
         * forwarding headers and request ids are not trusted; with {@code tls} (null: plaintext, HTTP/1.1 and h2c)
         * they terminate TLS with certificates chosen by SNI.
         */
        public Builder edge(EdgeTls tls) {
            this.edge = true;
            this.edgeTls = tls;
            return this;
        }

        /**
         * An edge gateway's end-user policy: whom an HTTPS JWKS URL may be served by ({@code tls.JwksTrust}); the
         * system CAs unless set.
         */
        public Builder jwksTrust(SSLContext jwksTrust) {
            this.jwksTrust = nonNull(jwksTrust, "jwksTrust");
            return this;
        }

        /** How upstream connections are pooled. */
        public Builder poolSettings(PoolSettings poolSettings) {
            this.poolSettings = nonNull(poolSettings, "poolSettings");
            return this;
        }

        /** The operator's protocol limits (HTTP/1.1, HTTP/2, tunnels) for every downstream connection. */
        public Builder limits(ProtocolLimits limits) {
            nonNull(limits, "limits");
            return http1Limits(limits.http1()).http2Limits(limits.http2()).tunnelSettings(limits.tunnel());
        }

        /** Limits and timeouts of HTTP/1.1 downstream connections. */
        public Builder http1Limits(Http1Limits http1Limits) {
            this.http1Limits = nonNull(http1Limits, "http1Limits");
            return this;
        }

        /** Limits and timeouts of HTTP/2 downstream connections. */
        public Builder http2Limits(Http2Limits http2Limits) {
            this.http2Limits = nonNull(http2Limits, "http2Limits");
            return this;
        }

        /** How upgraded (WebSocket) connections behave once they are tunnels. */
        public Builder tunnelSettings(TunnelSettings tunnelSettings) {
            this.tunnelSettings = nonNull(tunnelSettings, "tunnelSettings");
            return this;
        }

        /** The sidecar's locality, which zone-aware clusters prefer; {@code ""} for none. */
        public Builder localZone(String localZone) {
            this.localZone = nonNull(localZone, "localZone");
            return this;
        }

        /** Where requests are counted for the control plane's load reports (the load reporter drains it). */
        public Builder loads(LoadRecorders loads) {
            this.loads = nonNull(loads, "loads");
            return this;
        }

        /** Who watches every exchange: access log, traces, recent failures; none unless set. */
        public Builder observer(ExchangeObserver observer) {
            this.observer = nonNull(observer, "observer");
            return this;
        }

        public DataPlane build() {
            if (jwksTrust == null) {
                jwksTrust = JwksTrust.system();
            }
            return new DataPlane(this);
        }

        private static <T> T nonNull(T value, String field) {
            if (value == null) {
                throw new IllegalArgumentException(field + ": null (expected: a value)");
            }
            return value;
        }
    }
}
