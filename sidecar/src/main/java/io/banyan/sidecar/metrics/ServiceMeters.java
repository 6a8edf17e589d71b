package io.banyan.sidecar.metrics;

import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one service (cluster): request timers, mesh-error counters, the connection pool's gauges, the
 * per-endpoint meters; and, seen through {@link #onRoute}, the same meters that also count a named route.
 */
public final class ServiceMeters {

    private static final TrafficDirection[] DIRECTIONS = TrafficDirection.values();
    private static final ErrorCause[] CAUSES = ErrorCause.values();

    private final MeterRegistry registry;
    private final String service;
    private final AtomicReferenceArray<Timer> timers;
    private final AtomicReferenceArray<Counter> errors;
    private final ConnectionCounts upstreamConnections;
    private final Counter retries;
    private final EndpointMeters endpoints;
    private final RouteMeters routes;
    /** The named route this view also counts, or {@code null} for the service's own meters. */
    private final String route;

    ServiceMeters(MeterRegistry registry, String service, int endpointLimit, RouteMeters routes) {
        this.registry = registry;
        this.service = service;
        this.timers = new AtomicReferenceArray<>(DIRECTIONS.length * StatusClasses.COUNT);
        this.errors = new AtomicReferenceArray<>(DIRECTIONS.length * CAUSES.length);
        this.upstreamConnections = new ConnectionCounts(registry, service);
        this.retries = Counter.builder(MetricNames.RETRIES).tag("service", service).register(registry);
        this.endpoints = new EndpointMeters(registry, service, endpointLimit);
        this.routes = routes;
        this.route = null;
    }

    private ServiceMeters(ServiceMeters of, String route) {
        this.registry = of.registry;
        this.service = of.service;
        this.timers = of.timers;
        this.errors = of.errors;
        this.upstreamConnections = of.upstreamConnections;
        this.retries = of.retries;
        this.endpoints = of.endpoints;
        this.routes = of.routes;
        this.route = route;
    }

    public String service() {
        return service;
    }

    /**
     * These meters, also counting each finished request under the named {@code route} when the config lists it (see
     * {@link RouteMeters}); else these meters as they are. The views are {@link RouteMeters}' to keep: only for the
     * route names of the current config.
     */
    public ServiceMeters onRoute(String route) {
        return routes == null ? this : routes.view(this, route);
    }

    /** A view of these meters that also counts {@code route} (made by {@link RouteMeters#view}). */
    ServiceMeters routeView(String route) {
        return new ServiceMeters(this, route);
    }

    /** Records one finished request. */
    public void recordRequest(TrafficDirection direction, int status, long durationNanos) {
        int statusClass = StatusClasses.index(status);
        int index = direction.ordinal() * StatusClasses.COUNT + statusClass;
        Timer timer = timers.get(index);
        if (timer == null) {
            timer = LatencyBuckets.slo(Timer.builder(MetricNames.REQUESTS)
                    .tag("service", service)
                    .tag("direction", direction.name().toLowerCase(Locale.ROOT))
                    .tag("status_class", StatusClasses.label(statusClass)))
                    .register(registry);
            timers.set(index, timer);
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
        if (route != null) {
            routes.record(route, service, status, durationNanos);
        }
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

    /** The upstream connections of this service (open, in use), backing the pool gauges. */
    public ConnectionCounts upstreamConnections() {
        return upstreamConnections;
    }

    /** The service is a cluster of the current config: its pool gauges are registered (again, after it left). */
    public void clusterPresent() {
        upstreamConnections.exported();
    }

    /** The cluster left the config: its pool gauges and per-endpoint series are removed. */
    public void clusterLeft() {
        upstreamConnections.unexported();
        endpoints.retainOnly(List.of());
    }

    /** The per-endpoint meters of this service. */
    public EndpointMeters endpoints() {
        return endpoints;
    }
}
