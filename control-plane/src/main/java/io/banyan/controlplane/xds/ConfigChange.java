package io.banyan.controlplane.xds;

import io.banyan.controlplane.xds.snapshot.MeshConfig;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What one change of the {@link MeshConfig} touches, so the publisher rebuilds only the nodes it affects.
 *
 * @param services        services whose cluster, endpoints, virtual host or routes changed: every node with one of
 *                        them in scope is affected
 * @param ownServices     services whose own side changed (allow list, app configuration, inbound rate limit): their
 *                        sidecars are affected
 * @param gateways        gateways whose routes or migrations changed
 * @param scopes          whether operator routes or migrations changed, which may change any node's scope
 * @param serviceSet      whether a service appeared in or left the registry: the scope of every node that receives
 *                        every service changed
 * @param everything      whether every node is affected (the mesh-wide authorization default changed)
 */
record ConfigChange(Set<String> services, Set<String> ownServices, Set<String> gateways, boolean scopes,
                    boolean serviceSet, boolean everything) {

    ConfigChange {
        services = Set.copyOf(services);
        ownServices = Set.copyOf(ownServices);
        gateways = Set.copyOf(gateways);
    }

    /**
     * What changed from {@code before} to {@code after}. A service's instances are compared by reference first (a
     * registry keeps an unchanged service's list), then by equality.
     */
    static ConfigChange between(MeshConfig before, MeshConfig after) {
        Set<String> services = new HashSet<>();
        Set<String> ownServices = new HashSet<>();
        Set<String> gateways = new HashSet<>();
        var beforeInstances = before.registry().services();
        var afterInstances = after.registry().services();
        boolean serviceSet = !beforeInstances.keySet().equals(afterInstances.keySet());
        diff(beforeInstances, afterInstances, (service, ignored) -> services.add(service));
        diff(before.policies().policies(), after.policies().policies(), (service, ignored) -> {
            services.add(service);
            ownServices.add(service);
        });
        diff(before.authorizations().lists(), after.authorizations().lists(),
                (service, ignored) -> ownServices.add(service));
        diff(before.appConfigs().configs(), after.appConfigs().configs(),
                (service, ignored) -> ownServices.add(service));
        diff(before.appConfigs().unreadable(), after.appConfigs().unreadable(),
                (service, ignored) -> ownServices.add(service));
        diff(before.routes().services(), after.routes().services(), (service, ignored) -> services.add(service));
        diff(before.routes().gateways(), after.routes().gateways(), (gateway, ignored) -> gateways.add(gateway));
        diff(before.migrations().migrations(), after.migrations().migrations(), (name, migration) -> {
            services.add(migration.spec().from());
            services.add(migration.spec().to());
            if (migration.spec().gateway() != null) {
                gateways.add(migration.spec().gateway());
            }
        });
        boolean scopes = !before.routes().equals(after.routes())
                || !before.migrations().migrations().equals(after.migrations().migrations());
        boolean everything = before.authorizations().mode() != after.authorizations().mode();
        return new ConfigChange(services, ownServices, gateways, scopes, serviceSet, everything);
    }

    /** Whether nothing that any node is built from changed. */
    boolean none() {
        return services.isEmpty() && ownServices.isEmpty() && gateways.isEmpty() && !scopes && !serviceSet
                && !everything;
    }

    /** Calls {@code changed} with each key whose value differs (reference first, then equals), and its values. */
    private static <V> void diff(Map<String, V> before, Map<String, V> after, BiConsumer<String, V> changed) {
        before.forEach((key, value) -> {
            V next = after.get(key);
            if (next != value && !Objects.equals(next, value)) {
                changed.accept(key, value);
                if (next != null) {
                    changed.accept(key, next);
                }
            }
        });
        after.forEach((key, value) -> {
            if (!before.containsKey(key)) {
                changed.accept(key, value);
            }
        });
    }
}
