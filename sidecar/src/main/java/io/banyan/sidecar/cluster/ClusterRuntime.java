package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.random.PerThreadRandom;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.loadbalance.LoadBalancers;
import io.banyan.sidecar.loadbalance.ZoneAwareBalancer;
import io.banyan.sidecar.loadstats.LoadSlot;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.EndpointCircuitBreakers;
import io.banyan.sidecar.resilience.OutlierDetector;
import io.banyan.sidecar.resilience.OutlierListener;
import io.banyan.sidecar.resilience.ResilienceMetrics;
import io.banyan.sidecar.resilience.RetryBudget;
import io.banyan.sidecar.resilience.RetryGate;
import io.banyan.sidecar.resilience.UnreachableEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The resilience state of one cluster across config generations: its balancer, thresholds, retry gate,
 * endpoint breakers, outlier detector, unreachable endpoints (kept for the cluster's life) and active health checks,
 * each rebuilt only when its own settings (or, for the balancer,
 * the endpoints) change. Ejections, their ends and health-check verdicts re-read the balancer's health predicate. Updated by
 * one config thread at a time; read by every event loop through {@link #snapshot}.
 */
final class ClusterRuntime implements OutlierListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterRuntime.class);

    private final String name;
    private final ClusterEnvironment environment;
    private final ResilienceMetrics metrics;
    private final UnreachableEndpoints unreachable;
    private final LoadSlot load;
    private ClusterConfig config;
    private List<Endpoint> endpoints = List.of();
    private volatile ZoneAwareBalancer balancer;
    private ClusterThresholds thresholds;
    private RetryGate retryGate;
    private EndpointCircuitBreakers breakers;
    private volatile OutlierDetector outlier;
    private ScheduledFuture<?> sweep;
    private volatile EndpointHealthChecks healthChecks;

    ClusterRuntime(String name, ClusterEnvironment environment) {
        this.name = name;
        this.environment = environment;
        this.metrics = environment.resilience(name);
        this.unreachable = new UnreachableEndpoints(environment.ticker(), metrics);
        this.load = environment.loads().slot(name);
        metrics.joined(this::healthyEndpoints);
    }

    /** The endpoints the balancer may pick now: not ejected, passing their active checks. */
    private int healthyEndpoints() {
        List<Endpoint> now;
        synchronized (this) {
            now = endpoints;
        }
        return (int) now.stream().filter(this::healthy).count();
    }

    /** Brings the components in line with {@code next} and its {@code endpoints}. */
    synchronized void apply(ClusterConfig next, List<Endpoint> endpoints) {
        ClusterConfig previous = config;
        config = next;
        this.endpoints = List.copyOf(endpoints);
        if (previous == null || !previous.thresholds().equals(next.thresholds())
                || !previous.retryBudget().equals(next.retryBudget())) {
            thresholds = new ClusterThresholds(next.thresholds(), metrics);
            retryGate = RetryBudget.forCluster(next.retryBudget(), thresholds, metrics);
            metrics.thresholds(thresholds);
        }
        if (previous == null || !previous.endpointBreaker().equals(next.endpointBreaker())) {
            breakers = new EndpointCircuitBreakers(next.endpointBreaker(), environment.clock(), metrics);
        }
        breakers.retainOnly(endpoints);
        unreachable.retainOnly(endpoints);
        load.zones(endpoints.stream().map(Endpoint::zone).collect(Collectors.toSet()));
        if (previous == null || !Objects.equals(previous.outlierDetection(), next.outlierDetection())) {
            cancelSweep();
            outlier = next.outlierDetection() == null ? null
                    : new OutlierDetector(next.outlierDetection(), environment.ticker(), metrics, this);
            scheduleSweep();
        }
        OutlierDetector detector = outlier;
        if (detector != null) {
            detector.updateEndpoints(endpoints);
        }
        if (previous == null || !Objects.equals(previous.healthCheck(), next.healthCheck())) {
            if (healthChecks != null) {
                healthChecks.close();
            }
            healthChecks = next.healthCheck() == null || environment.scheduler() == null || environment.prober() == null
                    ? null : new EndpointHealthChecks(name, next.healthCheck(), environment.scheduler(),
                            environment.prober(), this::healthChanged);
        }
        EndpointHealthChecks checks = healthChecks;
        if (checks != null) {
            checks.update(endpoints);
        }
        ZoneAwareBalancer current = balancer;
        if (current == null || !previous.lb().equals(next.lb()) || !current.endpoints().equals(endpoints)) {
            Ticker ticker = environment.ticker();
            balancer = LoadBalancers.create(next.lb(), endpoints, environment.localZone(), this::healthy,
                    ticker, PerThreadRandom.get());
        }
    }

    synchronized ClusterState snapshot(io.banyan.sidecar.metrics.ServiceMeters meters) {
        return new ClusterState(config, balancer, meters, thresholds, retryGate, breakers, outlier, metrics,
                unreachable, load);
    }

    /** The live state of the cluster's endpoints and guards (for /clusters); the reading happens outside the lock. */
    ClusterStatus status() {
        ClusterStatusReader reader;
        synchronized (this) {
            reader = new ClusterStatusReader(config, endpoints, balancer, thresholds, retryGate, breakers, outlier,
                    healthChecks, unreachable);
        }
        return reader.read();
    }

    /** The cluster left the config: stop its periodic work, remove its gauges. */
    synchronized void close() {
        environment.loads().release(name);
        metrics.left();
        cancelSweep();
        if (healthChecks != null) {
            healthChecks.close();
        }
    }

    /** Not ejected by outlier detection, and passing its active health checks (if any). */
    private boolean healthy(Endpoint endpoint) {
        OutlierDetector detector = outlier;
        EndpointHealthChecks checks = healthChecks;
        return (detector == null || !detector.isEjected(endpoint)) && (checks == null || checks.healthy(endpoint));
    }

    @Override
    public void onEjected(Endpoint endpoint, OutlierDetector.Reason reason, Duration ejectionTime) {
        log.info("cluster {}: endpoint {} ejected ({}) for {}", name, endpoint.authority(), reason.token(), ejectionTime);
        healthChanged();
    }

    @Override
    public void onUnejected(Endpoint endpoint) {
        log.info("cluster {}: endpoint {} back from ejection", name, endpoint.authority());
        healthChanged();
    }

    private void healthChanged() {
        ZoneAwareBalancer current = balancer;
        if (current != null) {
            current.healthChanged();
        }
    }

    private void scheduleSweep() {
        ScheduledExecutorService scheduler = environment.scheduler();
        OutlierDetector detector = outlier;
        if (scheduler != null && detector != null) {
            long interval = config.outlierDetection().interval().toNanos();
            sweep = scheduler.scheduleAtFixedRate(() -> {
                try {
                    detector.evaluate();
                } catch (RuntimeException e) {
                    log.warn("cluster {}: outlier sweep failed", name, e);
                }
            }, interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    private void cancelSweep() {
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }
}
