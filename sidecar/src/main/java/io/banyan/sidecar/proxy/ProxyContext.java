package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.TunnelSettings;
import io.banyan.primitives.random.PerThreadRandom;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.loadstats.LoadSink;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.banyan.sidecar.mirror.Mirrors;
import io.banyan.sidecar.mirror.ShadowLedger;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.observe.GuardedObserver;
import io.banyan.sidecar.proxy.upgrade.Upgrades;
import io.banyan.sidecar.upstream.ConnectionPool;
import io.banyan.sidecar.upstream.UpstreamAcquirer;
import io.micrometer.core.instrument.Counter;

import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What every request of one listener shares: the listener, the live routing state, its {@link Admission}, the pool,
 * the shadow traffic ({@link Mirrors}), metrics, the drain flag and the monotonic clock requests are timed and given
 * deadlines by.
 */
public final class ProxyContext {

    static final String UNKNOWN_SERVICE = "unknown";

    private final ListenerConfig listener;
    private final Supplier<RoutingState> state;
    private final UpstreamAcquirer pool;
    private final RequestMetrics metrics;
    private final ServiceMeters unknown;
    private final BooleanSupplier draining;
    private final ExchangeObserver observer;
    /** The observer's observation of every exchange, when it reads no start; else null. */
    private final ExchangeObservation everyExchange;
    private final Clock clock;
    private final Counter downstreamConnections;
    private final Upgrades upgrades;
    private final Ticker ticker;
    private final Admission admission;
    private final Mirrors mirrors;

    public ProxyContext(ListenerConfig listener, Supplier<RoutingState> state, ConnectionPool pool,
                        RequestMetrics metrics, BooleanSupplier draining) {
        this(listener, state, pool, metrics, draining, TunnelSettings.DEFAULT);
    }

    /** @param tunnels how upgraded (WebSocket) connections behave once they are byte tunnels */
    public ProxyContext(ListenerConfig listener, Supplier<RoutingState> state, ConnectionPool pool,
                        RequestMetrics metrics, BooleanSupplier draining, TunnelSettings tunnels) {
        this(listener, state, Objects.requireNonNull(pool, "pool")::acquire, metrics, draining, tunnels, Ticker.system(),
                ExchangeObserver.NONE);
    }

    /**
     * @param mirrors  the data plane's shadow traffic, shared by its listeners
     * @param observer who watches each exchange (access log, traces, recent failures)
     */
    public ProxyContext(ListenerConfig listener, Supplier<RoutingState> state, ConnectionPool pool,
                        RequestMetrics metrics, BooleanSupplier draining, TunnelSettings tunnels, Mirrors mirrors,
                        ExchangeObserver observer) {
        this(listener, state, Objects.requireNonNull(pool, "pool")::acquire, metrics, draining, tunnels, Ticker.system(),
                observer, mirrors);
    }

    /** With shadow traffic of its own: through {@code pool}, compared into a ledger nobody reads, not load-reported. */
    ProxyContext(ListenerConfig listener, Supplier<RoutingState> state, UpstreamAcquirer pool, RequestMetrics metrics,
                 BooleanSupplier draining, TunnelSettings tunnels, Ticker ticker, ExchangeObserver observer) {
        this(listener, state, pool, metrics, draining, tunnels, ticker, observer, new Mirrors(pool, metrics::mirror,
                PerThreadRandom.get(), new ShadowLedger(Clock.systemUTC()), LoadSink.NONE, ticker));
    }

    /**
     * @param pool      where attempts get their upstream
     * @param ticker    the monotonic clock of deadlines and durations
     * @param observer  who watches each exchange
     * @param mirrors   the shadow traffic
     */
    ProxyContext(ListenerConfig listener, Supplier<RoutingState> state, UpstreamAcquirer pool, RequestMetrics metrics,
                 BooleanSupplier draining, TunnelSettings tunnels, Ticker ticker, ExchangeObserver observer,
                 Mirrors mirrors) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.state = Objects.requireNonNull(state, "state");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.unknown = metrics.service(UNKNOWN_SERVICE);
        this.draining = Objects.requireNonNull(draining, "draining");
        this.downstreamConnections = Counter.builder(MetricNames.DOWNSTREAM_CONNECTIONS)
                .tag("listener", listener.name())
                .register(metrics.registry());
        this.upgrades = new Upgrades(tunnels, metrics.upgrades(listener.name()));
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.observer = GuardedObserver.of(observer, ticker); // an observer's failure never breaks an exchange
        this.everyExchange = this.observer.everyExchange();
        this.clock = Clock.systemUTC();
        this.admission = new Admission(listener, this::meters, ticker);
        this.mirrors = Objects.requireNonNull(mirrors, "mirrors");
    }

    /** Counts an accepted downstream connection. */
    public void connectionAccepted() {
        downstreamConnections.increment();
    }

    public ListenerConfig listener() {
        return listener;
    }

    TrafficDirection direction() {
        return listener.direction();
    }

    RoutingState state() {
        return state.get();
    }

    UpstreamAcquirer pool() {
        return pool;
    }

    ServiceMeters meters(String service) {
        return service == null ? unknown : metrics.service(service);
    }

    boolean draining() {
        return draining.getAsBoolean();
    }

    Upgrades upgrades() {
        return upgrades;
    }

    Ticker ticker() {
        return ticker;
    }

    Admission admission() {
        return admission;
    }

    Mirrors mirrors() {
        return mirrors;
    }

    ExchangeObserver observer() {
        return observer;
    }

    /**
     * The observation of every exchange when the observer reads no exchange's start ({@link ExchangeObserver#everyExchange}):
     * then an exchange neither builds a start nor begins; null when it reads them.
     */
    ExchangeObservation everyExchange() {
        return everyExchange;
    }

    /** The wall clock an exchange's start is told by (durations use the {@link #ticker()}). */
    Clock clock() {
        return clock;
    }
}
