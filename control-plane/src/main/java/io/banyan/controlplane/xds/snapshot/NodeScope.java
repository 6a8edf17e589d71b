package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.route.RouteSnapshot;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one node receives: the services it gets a cluster, endpoints and a virtual host for, and the live migrations
 * whose routes (and side clusters) it gets. A sidecar's scope is the services of its {@code --upstream} declarations,
 * then, until none is new, every service the operator routes of a service in scope send or mirror to, and the
 * {@code to} of every live migration whose {@code from} is in scope (its route sits in that service's virtual host).
 * A gateway, a sidecar that declared {@code --upstream '*'}, or a plain Envoy (no Banyan metadata), starts from every registered service and every live
 * service migration's {@code from}; a gateway also from what its own routes and migrations reference. Its own
 * inbound (local app cluster, inbound listener) is no service of its scope: every node with an app gets it.
 *
 * @param services   the services in scope, sorted
 * @param migrations the live migrations the node serves, in {@link MigrationSnapshot#live()} order
 */
public record NodeScope(SortedSet<String> services, List<Migration> migrations) {

    public NodeScope {
        services = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(services, "services")));
        migrations = List.copyOf(migrations);
    }

    /** The scope of {@code node} in this registry, these operator routes and these migrations. */
    /** The node's scope in {@code config}. */
    public static NodeScope of(SidecarNode node, MeshConfig config) {
        return of(node, config.registry(), config.routes(), config.migrations());
    }

    public static NodeScope of(SidecarNode node, RegistrySnapshot registry, RouteSnapshot routes,
                               MigrationSnapshot migrations) {
        Deque<String> pending = new ArrayDeque<>();
        node.upstreams().forEach(upstream -> pending.add(upstream.service()));
        List<Migration> live = migrations.live();
        if (node.receivesEveryService()) {
            pending.addAll(registry.services().keySet());
            live.stream().filter(NodeScope::ofService).forEach(migration -> pending.add(migration.spec().from()));
        }
        if (node.isGateway()) {
            routes.ofGateway(node.gateway()).forEach(route -> pending.addAll(route.services()));
            live.stream().filter(migration -> ofGateway(migration, node)).forEach(migration -> {
                pending.add(migration.spec().from());
                pending.add(migration.spec().to());
            });
        }
        SortedSet<String> services = new TreeSet<>();
        while (!pending.isEmpty()) {
            String service = pending.pop();
            if (services.add(service)) {
                routes.ofService(service).forEach(route -> pending.addAll(route.services()));
                live.stream().filter(migration -> ofService(migration) && migration.spec().from().equals(service))
                        .forEach(migration -> pending.add(migration.spec().to()));
            }
        }
        List<Migration> served = live.stream().filter(migration -> ofGateway(migration, node)
                || (ofService(migration) && services.contains(migration.spec().from()))).toList();
        return new NodeScope(services, served);
    }

    /** Whether {@code service} is in scope. */
    public boolean contains(String service) {
        return services.contains(service);
    }

    /** A migration of a service's traffic (its route in that service's virtual host on every node routing to it). */
    private static boolean ofService(Migration migration) {
        return migration.spec().gateway() == null;
    }

    private static boolean ofGateway(Migration migration, SidecarNode node) {
        return node.isGateway() && node.gateway().equals(migration.spec().gateway());
    }
}
