package io.banyan.controlplane.registry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole registry at one revision: every known service (even one without instances) and its
 * instances with their health. Immutable; the revision grows with every change, health flips included.
 *
 * <p>Consecutive snapshots the registry publishes share structure: a service whose instances did not change keeps
 * the same {@code List} instance ({@code ==}), so a listener can find the changed services by reference first (an
 * immutable list given here is kept as it is, not copied).
 */
public record RegistrySnapshot(long revision, SortedMap<String, List<InstanceHealth>> services) {

    public RegistrySnapshot {
        TreeMap<String, List<InstanceHealth>> copy = new TreeMap<>(services); // from a sorted map: linear, no compares
        copy.replaceAll((name, instances) -> List.copyOf(instances)); // an immutable list stays the same instance
        services = Collections.unmodifiableSortedMap(copy);
    }

    public static RegistrySnapshot empty() {
        return new RegistrySnapshot(0, new TreeMap<>());
    }

    public List<InstanceHealth> instances(String service) {
        return services.getOrDefault(service, List.of());
    }

    public Map<String, List<InstanceHealth>> asMap() {
        return services;
    }
}
