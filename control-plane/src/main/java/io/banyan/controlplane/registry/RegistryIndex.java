package io.banyan.controlplane.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The registry's indexes, so that a registration costs O(instances of its service), not O(all instances): instance
 * ids by service (in id order, the snapshot's), the id registered at each address (service, host, port), and each
 * service's instance list of the last snapshot, rebuilt only for the services marked changed since (the others keep
 * the same {@code List} instance). Not thread-safe: the registry uses it under its lock.
 */
final class RegistryIndex {

    /** Where an instance is reached: one registration per address. */
    private record Address(String service, String host, int port) {

        static Address of(Instance instance) {
            return new Address(instance.service(), instance.host(), instance.port());
        }
    }

    private final Map<String, TreeSet<String>> idsByService = new HashMap<>();
    private final Map<Address, String> idsByAddress = new HashMap<>();
    private final TreeMap<String, List<InstanceHealth>> views = new TreeMap<>();
    private final Set<String> changed = new HashSet<>();

    /** A known service, with or without instances. */
    void addService(String service) {
        views.putIfAbsent(service, List.of());
    }

    void removeService(String service) {
        views.remove(service);
        changed.remove(service);
    }

    void add(Instance instance) {
        idsByService.computeIfAbsent(instance.service(), s -> new TreeSet<>()).add(instance.id());
        idsByAddress.put(Address.of(instance), instance.id());
        addService(instance.service());
        changed.add(instance.service());
    }

    void remove(Instance instance) {
        TreeSet<String> ids = idsByService.get(instance.service());
        if (ids != null && ids.remove(instance.id()) && ids.isEmpty()) {
            idsByService.remove(instance.service());
        }
        idsByAddress.remove(Address.of(instance), instance.id());
        changed.add(instance.service());
    }

    /** An instance of {@code service} changed (its health): its list is rebuilt for the next snapshot. */
    void changed(String service) {
        changed.add(service);
    }

    /** The id registered at {@code wanted}'s address, if any. */
    Optional<String> idAt(Instance wanted) {
        return Optional.ofNullable(idsByAddress.get(Address.of(wanted)));
    }

    /** The ids of {@code service}'s instances, in id order (a view: copy it before changing the registry). */
    Collection<String> instancesOf(String service) {
        TreeSet<String> ids = idsByService.get(service);
        return ids == null ? List.of() : Collections.unmodifiableSortedSet(ids);
    }

    /** The services that have instances now (a copy). */
    List<String> servicesWithInstances() {
        return List.copyOf(idsByService.keySet());
    }

    /**
     * Every known service's instance list: {@code build} makes the lists of the services changed since the last call
     * (an immutable list each), the others are the same instances as last time.
     */
    SortedMap<String, List<InstanceHealth>> views(Function<String, List<InstanceHealth>> build) {
        for (String service : changed) {
            if (views.containsKey(service)) {
                views.put(service, build.apply(service));
            }
        }
        changed.clear();
        return views;
    }
}
