package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.TunnelSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.loadstats.LoadSink;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.mirror.Mirrors;
import io.banyan.sidecar.mirror.ShadowLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The world of a mirror exchange test: a downstream channel whose route sends everything to "orders" ({@link #PRIMARY})
 * with {@code mirrors} (the cluster "shadow" is {@link #SHADOW}), through a fake pool, on a frozen clock; the shadow
 * comparisons' ledger (its clock at {@link #NOW_MILLIS}), the load sink's events as text, and the allocator the
 * comparisons take their buffers from, so that a test can check every one was given back.
 */
final class MirroredExchange implements LoadSink {

    static final Endpoint PRIMARY = new Endpoint("10.0.0.1", 8080, 1, "a", false, null);
    static final Endpoint SHADOW = new Endpoint("10.0.0.9", 8080, 1, "b", false, null);
    static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(5);
    static final long NOW_MILLIS = 7_000;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FakeUpstreams upstreams = new FakeUpstreams();
    final ShadowLedger ledger = new ShadowLedger(Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC));
    final List<String> load = new ArrayList<>();
    final EmbeddedChannel downstream;
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final long[] now = {0};

    MirroredExchange(MirrorPolicy... mirrors) {
        RouteAction action = new RouteAction(List.of(new WeightedCluster("orders", 1)), ROUTE_TIMEOUT,
                RetryPolicy.none(), null, null).withMirrors(List.of(mirrors));
        VirtualHost orders = new VirtualHost("orders", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/"), action)));
        MeshConfig config = new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(orders))),
                Map.of("orders", cluster("orders", PRIMARY), "shadow", cluster("shadow", SHADOW)), Map.of(), Map.of());
        RequestMetrics metrics = new RequestMetrics(registry);
        RoutingState state = RoutingState.from(config, RoutingState.EMPTY, metrics);
        ListenerConfig listener = new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "rc");
        Ticker ticker = () -> now[0];
        Mirrors shadows = new Mirrors(upstreams, metrics::mirror, new Random(1), ledger, this, ticker);
        ProxyContext context = new ProxyContext(listener, () -> state, upstreams, metrics, () -> false,
                TunnelSettings.DEFAULT, ticker, ExchangeObserver.NONE, shadows);
        downstream = new EmbeddedChannel(new FrontendHandler(context));
        downstream.config().setAllocator(alloc);
        downstream.config().setAutoRead(false);
        downstream.freezeTime();
    }

    /** Moves the frozen clock (the exchange's ticker and the channel's scheduler) and runs what is due. */
    void advance(Duration duration) {
        now[0] += duration.toNanos();
        downstream.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
        downstream.runPendingTasks();
    }

    /** No message left on any channel, and no buffer the comparisons took still held. */
    void assertNothingLeaked() {
        assertFalse(downstream.finishAndReleaseAll());
        assertFalse(upstreams.finishAndReleaseAll());
        assertThat(alloc.metric().usedHeapMemory()).isZero();
    }

    @Override
    public void started(String cluster) {
        load.add("started " + cluster);
    }

    @Override
    public void ended(String cluster, String zone, int status, ErrorCause cause, long durationNanos) {
        load.add("ended " + cluster + " zone=" + zone + " status=" + status + " cause=" + cause + " nanos="
                + durationNanos);
    }

    private static ClusterConfig cluster(String name, Endpoint endpoint) {
        return new ClusterConfig(name, ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
                UpstreamProtocol.HTTP1, new ClusterEndpoints(name, List.of(endpoint)));
    }
}
