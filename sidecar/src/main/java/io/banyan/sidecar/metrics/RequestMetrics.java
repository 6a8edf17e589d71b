package io.banyan.sidecar.metrics;

import io.banyan.primitives.check.Checks;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The request-path meters of one registry, cached per service so a request records without looking a
 * meter up. Resolve {@link #service(String)} once (at config time) and keep the result.
 */
public final class RequestMetrics {

    /**
     * Endpoints per cluster with series of their own, as the data plane builds its metrics (no flag sets it; a test may
     * give another limit to {@link #RequestMetrics(MeterRegistry, int)}); the others count under {@code endpoint="other"}.
     */
    public static final int DEFAULT_ENDPOINT_LIMIT = 100;
    /** Named routes with series of their own ({@link RouteMeters}): a bound on configs with very many routes. */
    public static final int ROUTE_LIMIT = 500;

    private final MeterRegistry registry;
    private final int endpointLimit;
    private final RouteMeters routes;
    private final ConcurrentMap<String, ServiceMeters> services = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, UpgradeMeters> upgrades = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, MirrorMeters> mirrors = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this(registry, DEFAULT_ENDPOINT_LIMIT);
    }

    /** @param endpointLimit endpoints per cluster with per-endpoint series (0: none; see {@link EndpointMeters}) */
    public RequestMetrics(MeterRegistry registry, int endpointLimit) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.endpointLimit = Checks.atLeast(endpointLimit, 0, "endpointMetricsLimit");
        this.routes = new RouteMeters(registry, ROUTE_LIMIT);
    }

    public ServiceMeters service(String service) {
        return services.computeIfAbsent(service, name -> new ServiceMeters(registry, name, endpointLimit, routes));
    }

    /** The per-route meters: {@link RouteMeters#retainOnly} on each config. */
    public RouteMeters routes() {
        return routes;
    }

    /** The upgrade meters of listener {@code listener}, shared by its rebinds so its tunnel gauge stays one. */
    public UpgradeMeters upgrades(String listener) {
        return upgrades.computeIfAbsent(listener, name -> new UpgradeMeters(registry, name));
    }

    /** The shadow-traffic meters of mirror cluster {@code cluster} (a name from config), shared by every listener. */
    public MirrorMeters mirror(String cluster) {
        return mirrors.computeIfAbsent(cluster, name -> new MirrorMeters(registry, name));
    }

    public MeterRegistry registry() {
        return registry;
    }
}
