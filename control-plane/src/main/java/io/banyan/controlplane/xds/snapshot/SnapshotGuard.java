package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Message;
import io.banyan.api.xds.ResourceNames;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps what the sidecars would NACK out of a node's snapshot, one service at a time: each resource is checked
 * with {@link ResourceCheck}; a refused cluster, endpoint set, listener or route table is replaced by its last
 * good version (or left out when there is none), and in a shared route table ({@code outbound}) only the refused
 * service's virtual host is, so one service's bad resource never stops updates for the others. The last good
 * version of a resource every node shares (a service's cluster, endpoints, {@code outbound} virtual host,
 * {@code upstream|}/{@code gateway|} table) is the guard's own, node-independent ({@link LastGood}), so a node that
 * connects after the bad object was stored gets what the older nodes keep; a node-owned one (listeners, the
 * {@code inbound} cluster and table) is the node's previously published version. A snapshot with nothing refused
 * is returned as it is (same versions). Not thread-safe: one publisher thread calls it.
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
    private final LastGood lastGood;
    /**
     * The errors of each shared resource last checked, by kind and name, with that resource: a node snapshot holding
     * the same object ({@link ServiceResources}) is not checked again. Emptied after each full round.
     */
    private final Map<String, Checked> checked = new HashMap<>();

    /** A shared resource and what {@link ResourceCheck} found in it. */
    private record Checked(Message resource, List<String> errors) {
    }

    public SnapshotGuard(ResourceCheck check) {
        this(check, new LastGood());
    }

    private SnapshotGuard(ResourceCheck check, LastGood lastGood) {
        this.check = Objects.requireNonNull(check, "check");
        this.lastGood = lastGood;
    }

    /**
     * A guard that starts from what this one keeps and changes nothing of it (a dry run guards with it, so it holds
     * back what this one would, and this one stays as it was). Costs one copy of the kept versions' map.
     */
    public SnapshotGuard copy() {
        return new SnapshotGuard(check, lastGood.copy());
    }

    /**
     * @param next     the snapshot just built for {@code node}
     * @param previous what the node was last given (every resource in it passed this guard), or {@code null}:
     *                 the last good version of its node-owned resources, and of shared ones this guard never passed
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
            routeTable(node, table, previousRoutes, invalid).ifPresent(routes::add);
        }
        if (invalid.isEmpty()) {
            return new Guarded(next, List.of());
        }
        return new Guarded(Snapshot.create(
                clusters, ContentVersion.of(clusters),
                endpoints, ContentVersion.of(endpoints),
                listeners, ContentVersion.of(listeners),
                routes, ContentVersion.of(routes),
                next.secrets().resources().values(), next.secrets().version()), invalid);
    }

    /**
     * After every known node was published with the same inputs: forgets the last good versions of shared
     * resources no node has any more, so what is kept is bounded by the resources the mesh has now.
     */
    public void endRound() {
        lastGood.endRound();
        checked.clear();
    }

    /** The resource's errors; of a shared one checked before as this very object, what was found then. */
    private List<String> errorsOf(String kind, String name, Message resource) {
        if (!LastGood.shared(kind, name)) {
            return check.errors(resource);
        }
        String key = kind + "/" + name;
        Checked last = checked.get(key);
        if (last != null && last.resource() == resource) {
            return last.errors();
        }
        List<String> errors = check.errors(resource);
        checked.put(key, new Checked(resource, errors));
        return errors;
    }

    /** How many shared resources' last good versions are kept. */
    int lastGoodCount() {
        return lastGood.size();
    }

    private <M extends Message> List<M> keepValid(SidecarNode node, String kind, Map<String, M> next,
                                                 Map<String, M> previous, List<InvalidResource> invalid) {
        List<M> kept = new ArrayList<>(next.size());
        next.forEach((name, resource) -> {
            lastGood.seen(kind, name);
            List<String> errors = errorsOf(kind, name, resource);
            if (errors.isEmpty()) {
                lastGood.accepted(kind, name, resource);
                kept.add(resource);
                return;
            }
            errors.forEach(reason -> invalid.add(new InvalidResource(serviceOf(node, kind, name), kind, name, reason)));
            lastGood(kind, name, previous).ifPresent(kept::add);
        });
        return kept;
    }

    /** The shared last good version (when the resource is shared and has one), else the node's previous one. */
    @SuppressWarnings("unchecked")
    private <M extends Message> Optional<M> lastGood(String kind, String name, Map<String, M> previous) {
        Optional<M> shared = LastGood.shared(kind, name) ? (Optional<M>) lastGood.get(kind, name) : Optional.empty();
        return shared.or(() -> Optional.ofNullable(previous.get(name)));
    }

    /** The table as it is, or with each refused virtual host swapped for its last good one; else the last good table. */
    private Optional<RouteConfiguration> routeTable(SidecarNode node, RouteConfiguration table,
                                                    Map<String, RouteConfiguration> previous,
                                                    List<InvalidResource> invalid) {
        String name = table.getName();
        boolean outbound = ResourceNames.OUTBOUND_ROUTES.equals(name);
        lastGood.seen("route", name);
        if (outbound) {
            table.getVirtualHostsList().forEach(host -> lastGood.seen(LastGood.VIRTUAL_HOST, host.getName()));
        }
        if (check.errors(table).isEmpty()) {
            accepted(table, outbound);
            return Optional.of(table);
        }
        Optional<RouteConfiguration> lastGoodTable = lastGood("route", name, previous);
        RouteConfiguration.Builder repaired = table.toBuilder().clearVirtualHosts();
        for (VirtualHost host : table.getVirtualHostsList()) {
            List<String> errors = check.errors(table.toBuilder().clearVirtualHosts().addVirtualHosts(host).build());
            if (errors.isEmpty()) {
                repaired.addVirtualHosts(host);
                continue;
            }
            String service = outbound ? host.getName() : serviceOf(node, "route", name);
            errors.forEach(reason -> invalid.add(new InvalidResource(service, "route",
                    name + "/" + host.getName(), reason)));
            Optional<VirtualHost> hostLastGood = outbound
                    ? lastGood.get(LastGood.VIRTUAL_HOST, host.getName()).map(VirtualHost.class::cast)
                    : Optional.empty();
            hostLastGood.or(() -> lastGoodTable.flatMap(last -> hostOf(last, host.getName())))
                    .ifPresent(repaired::addVirtualHosts);
        }
        RouteConfiguration result = repaired.build();
        List<String> errors = check.errors(result);
        if (errors.isEmpty()) {
            accepted(result, outbound);
            return Optional.of(result);
        }
        // Refused as a whole, not for one virtual host: the whole table's last good version.
        errors.forEach(reason -> invalid.add(new InvalidResource(serviceOf(node, "route", name), "route",
                name, reason)));
        return lastGoodTable;
    }

    /** Remembers a table that passes; of the {@code outbound} one, each virtual host by service. */
    private void accepted(RouteConfiguration table, boolean outbound) {
        lastGood.accepted("route", table.getName(), table);
        if (outbound) {
            table.getVirtualHostsList().forEach(host -> lastGood.accepted(LastGood.VIRTUAL_HOST, host.getName(), host));
        }
    }

    private static Optional<VirtualHost> hostOf(RouteConfiguration table, String name) {
        return table.getVirtualHostsList().stream().filter(host -> host.getName().equals(name)).findFirst();
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
