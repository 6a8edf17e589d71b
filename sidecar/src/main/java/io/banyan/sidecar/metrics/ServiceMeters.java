package io.banyan.sidecar.metrics;

import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The meters of one service (cluster): request timers, mesh-error counters, upstream connection gauge. */
public final class ServiceMeters {

    private static final String[] STATUS_CLASSES = {"1xx", "1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final TrafficDirection[] DIRECTIONS = TrafficDirection.values();
    private static final ErrorCause[] CAUSES = ErrorCause.values();

    private final MeterRegistry registry;
    private final String service;
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(DIRECTIONS.length * STATUS_CLASSES.length);
    private final AtomicReferenceArray<Counter> errors = new AtomicReferenceArray<>(DIRECTIONS.length * CAUSES.length);
    private final AtomicInteger upstreamConnections = new AtomicInteger();
    private final Counter retries;

    ServiceMeters(MeterRegistry registry, String service) {
        this.registry = registry;
        this.service = service;
        Gauge.builder(MetricNames.UPSTREAM_CONNECTIONS, upstreamConnections, AtomicInteger::get)
                .tag("service", service)
                .register(registry);
        this.retries = Counter.builder(MetricNames.RETRIES).tag("service", service).register(registry);
    }

    public String service() {
        return service;
    }

    /** Records one finished request. */
    public void recordRequest(TrafficDirection direction, int status, long durationNanos) {
        int statusClass = Math.max(1, Math.min(5, status / 100));
        int index = direction.ordinal() * STATUS_CLASSES.length + statusClass;
        Timer timer = timers.get(index);
        if (timer == null) {
            timer = Timer.builder(MetricNames.REQUESTS)
                    .tag("service", service)
                    .tag("direction", direction.name().toLowerCase(Locale.ROOT))
                    .tag("status_class", STATUS_CLASSES[statusClass])
                    .publishPercentileHistogram()
                    .register(registry);
            timers.set(index, timer);
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /** Counts one request that failed inside the mesh. */
    public void recordMeshError(TrafficDirection direction, ErrorCause cause) {
        int index = direction.ordinal() * CAUSES.length + cause.ordinal();
        Counter counter = errors.get(index);
        if (counter == null) {
            counter = Counter.builder(MetricNames.MESH_ERRORS)
                    .tag("service", service)
                    .tag("direction", direction.name().toLowerCase(Locale.ROOT))
                    .tag("cause", cause.token())
                    .register(registry);
            errors.set(index, counter);
        }
        counter.increment();
    }

    /** Counts one more attempt of a request on another endpoint. */
    public void recordRetry() {
        retries.increment();
    }

    /** The open upstream connections of this service, backing the gauge. */
    public AtomicInteger upstreamConnections() {
        return upstreamConnections;
    }
}
