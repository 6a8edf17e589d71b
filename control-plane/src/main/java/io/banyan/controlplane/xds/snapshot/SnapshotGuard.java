package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Message;
import io.banyan.api.xds.ResourceNames;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps what the sidecars would NACK out of a node's snapshot, one service at a time: each resource is checked
 * with {@link ResourceCheck}; a refused cluster, endpoint set, listener or route table is replaced by the node's
 * last published version of it (or left out when there is none), and in a shared route table ({@code outbound})
 * only the refused service's virtual host is, so one service's bad resource never stops updates for the others.
 * A snapshot with nothing refused is returned as it is (same versions).
 */
public final class SnapshotGuard {

    /** The snapshot to publish and what was held back from it. */
    public record Guarded(Snapshot snapshot, List<InvalidResource> invalid) {

        public Guarded {
            Objects.requireNonNull(snapshot, "snapshot");
            invalid = List.copyOf(invalid);
        }
    }

    private final ResourceCheck check;

    public SnapshotGuard(ResourceCheck check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    /**
     * @param next     the snapshot just built for {@code node}
     * @param previous what the node was last given (every resource in it passed this guard), or {@code null}
     */
    public Guarded guard(SidecarNode node, Snapshot next, Snapshot previous) {
        List<InvalidResource> invalid = new ArrayList<>();
        var clusters = keepValid(node, "cluster", next.clusters().resources(),
                previous == null ? Map.of() : previous.clusters().resources(), invalid);
        var endpoints = keepValid(node, "endpoint", next.endpoints().resources(),
                previous == null ? Map.of() : previous.endpoints().resources(), invalid);
        var listeners = keepValid(node, "listener", next.listeners().resources(),
                previous == null ? Map.of() : previous.listeners().resources(), invalid);
        Map<String, RouteConfiguration> previousRoutes = previous == null ? Map.of() : previous.routes().resources();
        List<RouteConfiguration> routes = new ArrayList<>();
        for (RouteConfiguration table : next.routes().resources().values()) {
            routeTable(node, table, previousRoutes.get(table.getName()), invalid).ifPresent(routes::add);
        }
        if (invalid.isEmpty()) {
            return new Guarded(next, List.of());
        }
        return new Guarded(Snapshot.create(
                clusters, ContentVersion.of(clusters),
                endpoints, ContentVersion.of(endpoints),
                listeners, ContentVersion.of(listeners),
                routes, ContentVersion.of(routes),
                List.of(), ContentVersion.of(List.of())), invalid);
    }

    private <M extends Message> List<M> keepValid(SidecarNode node, String kind, Map<String, M> next,
                                                 Map<String, M> previous, List<InvalidResource> invalid) {
        List<M> kept = new ArrayList<>(next.size());
        next.forEach((name, resource) -> {
            List<String> errors = check.errors(resource);
            if (errors.isEmpty()) {
                kept.add(resource);
                return;
            }
            errors.forEach(reason -> invalid.add(new InvalidResource(serviceOf(node, kind, name), kind, name, reason)));
            M lastGood = previous.get(name);
            if (lastGood != null) {
                kept.add(lastGood);
            }
        });
        return kept;
    }

    /** The table as it is, or with each refused virtual host swapped for its last good one; else the last good table. */
    private Optional<RouteConfiguration> routeTable(SidecarNode node, RouteConfiguration table,
                                                    RouteConfiguration lastGood, List<InvalidResource> invalid) {
        if (check.errors(table).isEmpty()) {
            return Optional.of(table);
        }
        RouteConfiguration.Builder repaired = table.toBuilder().clearVirtualHosts();
        for (VirtualHost host : table.getVirtualHostsList()) {
            List<String> errors = check.errors(table.toBuilder().clearVirtualHosts().addVirtualHosts(host).build());
            if (errors.isEmpty()) {
                repaired.addVirtualHosts(host);
                continue;
            }
            String service = ResourceNames.OUTBOUND_ROUTES.equals(table.getName()) ? host.getName()
                    : serviceOf(node, "route", table.getName());
            errors.forEach(reason -> invalid.add(new InvalidResource(service, "route",
                    table.getName() + "/" + host.getName(), reason)));
            lastGoodHost(lastGood, host.getName()).ifPresent(repaired::addVirtualHosts);
        }
        RouteConfiguration result = repaired.build();
        List<String> errors = check.errors(result);
        if (errors.isEmpty()) {
            return Optional.of(result);
        }
        // Refused as a whole, not for one virtual host: the whole table's last good version.
        errors.forEach(reason -> invalid.add(new InvalidResource(serviceOf(node, "route", table.getName()), "route",
                table.getName(), reason)));
        return Optional.ofNullable(lastGood);
    }

    private static Optional<VirtualHost> lastGoodHost(RouteConfiguration lastGood, String name) {
        if (lastGood == null) {
            return Optional.empty();
        }
        return lastGood.getVirtualHostsList().stream().filter(host -> host.getName().equals(name)).findFirst();
    }

    /** A service's cluster, endpoints and upstream table carry its name; anything else is the node's own. */
    private static String serviceOf(SidecarNode node, String kind, String name) {
        String upstream = ResourceNames.upstreamRoutes("");
        if (kind.equals("route") && name.startsWith(upstream)) {
            return name.substring(upstream.length());
        }
        if ((kind.equals("cluster") || kind.equals("endpoint")) && !name.startsWith(ResourceNames.INBOUND_CLUSTER_PREFIX)) {
            return name;
        }
        return node.service();
    }
}
