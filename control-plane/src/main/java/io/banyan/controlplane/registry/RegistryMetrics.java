package io.banyan.controlplane.registry;

import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registry metrics: the {@code REGISTRY_INSTANCES} gauge by service and health and the
 * {@code REGISTRY_HELD_INSTANCES} gauge by service (both fed with every snapshot), and the
 * {@code REGISTRY_CHANGES} counter by kind.
 */
final class RegistryMetrics implements RegistryListener {

    private final MeterRegistry meters;
    private final Map<List<String>, AtomicInteger> gauges = new ConcurrentHashMap<>();
    /** Each service's instance list as last counted (snapshots arrive on one thread). */
    private final Map<String, List<InstanceHealth>> counted = new HashMap<>();

    RegistryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Instances this replica's reaping removed from the store (exact across replicas: each is counted once). */
    void reaped(int removed) {
        meters.counter(MetricNames.REGISTRY_REAPED).increment(removed);
    }

    void changed(String kind) {
        meters.counter(MetricNames.REGISTRY_CHANGES, "kind", kind).increment();
    }

    /**
     * Recounts only the services whose instance list is not the one of the last snapshot (structural sharing), and
     * zeroes those that are gone: O(services) per snapshot, plus the changed services' instances.
     */
    @Override
    public void onChange(RegistrySnapshot snapshot) {
        Map<String, List<InstanceHealth>> current = snapshot.services();
        counted.keySet().removeIf(service -> {
            if (current.containsKey(service)) {
                return false;
            }
            count(service, List.of());
            return true;
        });
        current.forEach((service, instances) -> {
            if (counted.get(service) != instances) {
                count(service, instances);
                counted.put(service, instances);
            }
        });
    }

    private void count(String service, List<InstanceHealth> instances) {
        int healthy = 0;
        int held = 0;
        for (InstanceHealth instance : instances) {
            healthy += instance.healthy() ? 1 : 0;
            held += instance.state() == HealthState.HELD ? 1 : 0;
        }
        gauge(List.of(MetricNames.REGISTRY_INSTANCES, service, "true")).set(healthy);
        gauge(List.of(MetricNames.REGISTRY_INSTANCES, service, "false")).set(instances.size() - healthy);
        gauge(List.of(MetricNames.REGISTRY_HELD_INSTANCES, service)).set(held);
    }

    /** key: the metric name, the service, and for {@code REGISTRY_INSTANCES} the health. */
    private AtomicInteger gauge(List<String> key) {
        return gauges.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.Builder<AtomicInteger> gauge = Gauge.builder(k.get(0), value, AtomicInteger::get).tag("service", k.get(1));
            if (k.size() > 2) {
                gauge.description("registered instances by service and health").tag("healthy", k.get(2));
            } else {
                gauge.description("instances that missed their TTL but are held by self-preservation, by service");
            }
            gauge.register(meters);
            return value;
        });
    }
}
