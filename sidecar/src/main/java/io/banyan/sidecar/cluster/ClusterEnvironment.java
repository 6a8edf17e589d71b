package io.banyan.sidecar.cluster;

import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.loadstats.LoadRecorders;
import io.banyan.sidecar.resilience.ResilienceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every cluster of one data plane shares for its whole life: the sidecar's zone, the scheduler of
 * periodic work (outlier sweeps; an event loop group in production), time sources, the resilience
 * meters of each service (kept once per service, as their gauges are bound to them) and the load counters.
 */
public final class ClusterEnvironment {

    private final String localZone;
    private final ScheduledExecutorService scheduler;
    private final Ticker ticker;
    private final Clock clock;
    private final MeterRegistry registry;
    private final HealthProber prober;
    private final LoadRecorders loads;
    private final ConcurrentMap<String, ResilienceMetrics> resilience = new ConcurrentHashMap<>();

    /**
     * @param scheduler runs outlier detection sweeps; {@code null}: none (ejections then end only as the
     *                  detector's clock passes them, without rebuilding the balancer's healthy set)
     */
    public ClusterEnvironment(String localZone, ScheduledExecutorService scheduler, Ticker ticker, Clock clock,
                              MeterRegistry registry) {
        this(localZone, scheduler, ticker, clock, registry, null);
    }

    /**
     * @param prober sends active health checks ({@code null}: clusters' health checks are not run); they
     *               run only with a {@code scheduler}
     */
    public ClusterEnvironment(String localZone, ScheduledExecutorService scheduler, Ticker ticker, Clock clock,
                              MeterRegistry registry, HealthProber prober) {
        this(localZone, scheduler, ticker, clock, registry, prober, new LoadRecorders());
    }

    /** @param loads where the clusters' requests are counted for load reports */
    public ClusterEnvironment(String localZone, ScheduledExecutorService scheduler, Ticker ticker, Clock clock,
                              MeterRegistry registry, HealthProber prober, LoadRecorders loads) {
        this.prober = prober;
        this.loads = Objects.requireNonNull(loads, "loads");
        this.localZone = localZone == null ? "" : localZone;
        this.scheduler = scheduler;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** No zone, no scheduler, system time, meters registered nowhere: for tests and the compatible overloads. */
    public static ClusterEnvironment standalone() {
        return new ClusterEnvironment("", null, Ticker.system(), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    public String localZone() {
        return localZone;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public Ticker ticker() {
        return ticker;
    }

    Clock clock() {
        return clock;
    }

    HealthProber prober() {
        return prober;
    }

    LoadRecorders loads() {
        return loads;
    }

    /** The resilience meters of {@code service}, made once. */
    public ResilienceMetrics resilience(String service) {
        return resilience.computeIfAbsent(service, s -> new ResilienceMetrics(registry, s));
    }
}
