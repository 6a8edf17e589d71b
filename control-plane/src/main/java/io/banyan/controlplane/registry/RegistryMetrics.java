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
            counts.put(List.of(MetricNames.REGISTRY_INSTANCES, service, "true"), 0);
            counts.put(List.of(MetricNames.REGISTRY_INSTANCES, service, "false"), 0);
            counts.put(List.of(MetricNames.REGISTRY_HELD_INSTANCES, service), 0);
            for (InstanceHealth instance : instances) {
                counts.merge(List.of(MetricNames.REGISTRY_INSTANCES, service, Boolean.toString(instance.healthy())), 1,
                        Integer::sum);
                if (instance.state() == HealthState.HELD) {
                    counts.merge(List.of(MetricNames.REGISTRY_HELD_INSTANCES, service), 1, Integer::sum);
                }
            }
        });
        gauges.forEach((key, gauge) -> gauge.set(counts.getOrDefault(key, 0)));
        counts.forEach((key, count) -> gauge(key).set(count));
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
