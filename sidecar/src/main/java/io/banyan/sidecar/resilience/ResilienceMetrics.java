package io.banyan.sidecar.resilience;

import io.banyan.primitives.check.Checks;
import io.banyan.sidecar.metrics.ClusterGauges;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The resilience meters of one service (cluster), tagged {@code service}: retry budget exhaustion,
 * threshold overflows, outlier ejections, circuit breaker states and rate-limited requests, and the requests the
 * thresholds count now (pending a connection, active). Keep one
 * instance per service for the sidecar's life: its gauges are bound to it, removed while the cluster is out of the
 * config ({@link #left}) and registered again when it returns ({@link #joined}).
 */
public final class ResilienceMetrics {

    /** The ejection reason of {@link UnreachableEndpoints}, beside {@link OutlierDetector.Reason}'s. */
    public static final String CONNECT_FAILURE = "connect_failure";
    /** The states a breaker transition enters, as tagged. */
    private static final List<String> BREAKER_STATES = List.of("open", "half_open", "closed");

    private final MeterRegistry registry;
    private final String service;
    private final Counter retryBudgetExhausted;
    private final Counter rateLimited;
    private final Map<ClusterThresholds.Resource, Counter> overflows = new EnumMap<>(ClusterThresholds.Resource.class);
    private final Map<String, Counter> ejections = new ConcurrentHashMap<>();
    private final Map<String, Counter> transitions = new ConcurrentHashMap<>();
    private final AtomicInteger ejected = new AtomicInteger();
    private final AtomicInteger openBreakers = new AtomicInteger();
    /** The cluster's thresholds of the current config generation (null: not in the config), read by the pool gauges. */
    private final AtomicReference<ClusterThresholds> thresholds = new AtomicReference<>();
    /** How many of the cluster's endpoints the balancer may pick now (0 while the cluster is not in the config). */
    private final AtomicReference<IntSupplier> healthyEndpoints = new AtomicReference<>(() -> 0);
    /** The gauges above: removed while the cluster is out of the config. */
    private final ClusterGauges gauges;

    public ResilienceMetrics(MeterRegistry registry, String service) {
        this.registry = Checks.nonNull(registry, "registry");
        this.service = Checks.nonNull(service, "service");
        this.gauges = new ClusterGauges(registry);
        retryBudgetExhausted = Counter.builder(MetricNames.RETRY_BUDGET_EXHAUSTED).tag("service", service).register(registry);
        rateLimited = Counter.builder(MetricNames.RATE_LIMITED).tag("service", service).register(registry);
        for (ClusterThresholds.Resource resource : ClusterThresholds.Resource.values()) {
            overflows.put(resource, Counter.builder(MetricNames.CLUSTER_OVERFLOWS).tag("service", service)
                    .tag("resource", resource.token()).register(registry));
        }
        gauges.add(Gauge.builder(MetricNames.OUTLIER_EJECTED, ejected, AtomicInteger::get).tag("service", service));
        gauges.add(Gauge.builder(MetricNames.CIRCUIT_BREAKERS_OPEN, openBreakers, AtomicInteger::get)
                .tag("service", service));
        for (String state : BREAKER_STATES) {
            recordedTransitions(state); // at 0 from the start: a rate() over them needs the series before the first one
        }
        gauges.add(Gauge.builder(MetricNames.ENDPOINTS_HEALTHY, healthyEndpoints, current -> current.get().getAsInt())
                .tag("service", service));
        gauges.add(Gauge.builder(MetricNames.UPSTREAM_PENDING_REQUESTS, thresholds,
                        current -> active(current, ClusterThresholds.Resource.PENDING_REQUESTS))
                .tag("service", service));
        gauges.add(Gauge.builder(MetricNames.UPSTREAM_ACTIVE_REQUESTS, thresholds,
                        current -> active(current, ClusterThresholds.Resource.REQUESTS))
                .tag("service", service));
    }

    private static double active(AtomicReference<ClusterThresholds> current, ClusterThresholds.Resource resource) {
        ClusterThresholds now = current.get();
        return now == null ? 0 : now.active(resource);
    }

    /**
     * The cluster's thresholds are now {@code current} (a new config generation; {@code null}: the cluster left the
     * config): the pending and active request gauges read them.
     */
    public void thresholds(ClusterThresholds current) {
        thresholds.set(current);
    }

    /** Meters registered nowhere that matters: for components used without a scrape endpoint. */
    public static ResilienceMetrics unregistered(String service) {
        return new ResilienceMetrics(new SimpleMeterRegistry(), service);
    }

    public String service() {
        return service;
    }

    void recordRetryBudgetExhausted() {
        retryBudgetExhausted.increment();
    }

    void recordOverflow(ClusterThresholds.Resource resource) {
        overflows.get(resource).increment();
    }

    void recordRateLimited() {
        rateLimited.increment();
    }

    void recordEjection(OutlierDetector.Reason reason) {
        recordEjection(reason.token());
    }

    /** An endpoint skipped after a failed connect ({@link UnreachableEndpoints}), as reason {@code connect_failure}. */
    void recordConnectFailureEjection() {
        recordEjection(CONNECT_FAILURE);
    }

    private void recordEjection(String token) {
        ejections.computeIfAbsent(token, t -> Counter.builder(MetricNames.OUTLIER_EJECTIONS).tag("service", service)
                .tag("reason", t).register(registry)).increment();
    }

    void ejectedEndpoints(int count) {
        ejected.set(count);
    }

    void recordBreakerTransition(String toState) {
        recordedTransitions(toState.toLowerCase(Locale.ROOT)).increment();
    }

    private Counter recordedTransitions(String state) {
        return transitions.computeIfAbsent(state, s -> Counter.builder(MetricNames.CIRCUIT_BREAKER_TRANSITIONS)
                .tag("service", service).tag("state", s).register(registry));
    }

    /**
     * The cluster is in the config (again): its gauges are registered, and {@value MetricNames#ENDPOINTS_HEALTHY}
     * reads {@code healthy}.
     */
    public void joined(IntSupplier healthy) {
        healthyEndpoints.set(Checks.nonNull(healthy, "healthy"));
        gauges.register();
    }

    /**
     * The cluster left the config: its gauges (healthy endpoints, ejected, open breakers, pending and active
     * requests) are removed, so no alert keeps reading them; its counters stay, as counters do.
     */
    public void left() {
        thresholds.set(null);
        healthyEndpoints.set(() -> 0);
        ejected.set(0); // a cluster that returns starts with new detectors and breakers: nothing ejected, none open
        openBreakers.set(0);
        gauges.remove();
    }

    void openBreakers(int count) {
        openBreakers.set(count);
    }
}
