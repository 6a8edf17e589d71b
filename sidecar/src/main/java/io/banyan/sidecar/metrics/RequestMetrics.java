package io.banyan.sidecar.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The request-path meters of one registry, cached per service so a request records without looking a
 * meter up. Resolve {@link #service(String)} once (at config time) and keep the result.
 */
public final class RequestMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, ServiceMeters> services = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, UpgradeMeters> upgrades = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, MirrorMeters> mirrors = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public ServiceMeters service(String service) {
        return services.computeIfAbsent(service, name -> new ServiceMeters(registry, name));
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
