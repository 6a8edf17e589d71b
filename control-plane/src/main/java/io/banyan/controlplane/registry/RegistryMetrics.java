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
 * Registry metrics: the {@code REGISTRY_INSTANCES} gauge by service and health (fed with every
 * snapshot) and the {@code REGISTRY_CHANGES} counter by kind.
 */
final class RegistryMetrics implements RegistryListener {

    private final MeterRegistry meters;
    private final Map<List<String>, AtomicInteger> gauges = new ConcurrentHashMap<>();

    RegistryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void changed(String kind) {
        meters.counter(MetricNames.REGISTRY_CHANGES, "kind", kind).increment();
    }

    @Override
    public void onChange(RegistrySnapshot snapshot) {
        Map<List<String>, Integer> counts = new HashMap<>();
        snapshot.services().forEach((service, instances) -> {
            counts.put(List.of(service, "true"), 0);
            counts.put(List.of(service, "false"), 0);
            for (InstanceHealth instance : instances) {
                counts.merge(List.of(service, Boolean.toString(instance.healthy())), 1, Integer::sum);
            }
        });
        gauges.forEach((key, gauge) -> gauge.set(counts.getOrDefault(key, 0)));
        counts.forEach((key, count) -> gauge(key).set(count));
    }

    private AtomicInteger gauge(List<String> key) {
        return gauges.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(MetricNames.REGISTRY_INSTANCES, value, AtomicInteger::get)
                    .description("registered instances by service and health")
                    .tag("service", k.get(0))
                    .tag("healthy", k.get(1))
                    .register(meters);
            return value;
        });
    }
}
