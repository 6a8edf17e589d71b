package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.Checks;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The resilience meters of one service (cluster), tagged {@code service}: retry budget exhaustion,
 * threshold overflows, outlier ejections, circuit breaker states and rate-limited requests. Keep one
 * instance per service for the sidecar's life: its gauges are bound to it.
 */
public final class ResilienceMetrics {

    /** The ejection reason of {@link UnreachableEndpoints}, beside {@link OutlierDetector.Reason}'s. */
    public static final String CONNECT_FAILURE = "connect_failure";

    private final MeterRegistry registry;
    private final String service;
    private final Counter retryBudgetExhausted;
    private final Counter rateLimited;
    private final Map<ClusterThresholds.Resource, Counter> overflows = new EnumMap<>(ClusterThresholds.Resource.class);
    private final Map<String, Counter> ejections = new ConcurrentHashMap<>();
    private final Map<String, Counter> transitions = new ConcurrentHashMap<>();
    private final AtomicInteger ejected = new AtomicInteger();
    private final AtomicInteger openBreakers = new AtomicInteger();

    public ResilienceMetrics(MeterRegistry registry, String service) {
        this.registry = Checks.nonNull(registry, "registry");
        this.service = Checks.nonNull(service, "service");
        retryBudgetExhausted = Counter.builder(MetricNames.RETRY_BUDGET_EXHAUSTED).tag("service", service).register(registry);
        rateLimited = Counter.builder(MetricNames.RATE_LIMITED).tag("service", service).register(registry);
        for (ClusterThresholds.Resource resource : ClusterThresholds.Resource.values()) {
            overflows.put(resource, Counter.builder(MetricNames.CLUSTER_OVERFLOWS).tag("service", service)
                    .tag("resource", resource.token()).register(registry));
        }
        Gauge.builder(MetricNames.OUTLIER_EJECTED, ejected, AtomicInteger::get).tag("service", service).register(registry);
        Gauge.builder(MetricNames.CIRCUIT_BREAKERS_OPEN, openBreakers, AtomicInteger::get).tag("service", service)
                .register(registry);
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
        String state = toState.toLowerCase(Locale.ROOT);
        transitions.computeIfAbsent(state, s -> Counter.builder(MetricNames.CIRCUIT_BREAKER_TRANSITIONS)
                .tag("service", service).tag("state", s).register(registry)).increment();
    }

    void openBreakers(int count) {
        openBreakers.set(count);
    }
}
