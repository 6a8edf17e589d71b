package io.banyan.sidecar.xds;

import io.banyan.dataplane.config.AppConfig;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.xds.ResourceDecoder;
import io.banyan.dataplane.xds.XdsType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The accepted xDS resources and their versions, following Envoy's state-of-the-world rules: CDS and
 * LDS responses replace all clusters and listeners; RDS and EDS responses update the named resources,
 * and route tables and endpoints nobody references any more are dropped. As Envoy does, a response is
 * applied per resource: a refused resource keeps its last accepted version (it is "stale", see
 * {@link #stale}) while the valid ones are applied; one refused before any version was accepted is
 * absent ({@link #refused}). The type's version advances only when nothing was refused. Refusals are
 * kept only for what the control plane still sends: the names of the last LDS and CDS responses, the
 * route tables and EDS clusters subscribed to. Confined to one thread.
 */
final class XdsConfigState {

    private final Map<String, ListenerConfig> listeners = new HashMap<>();
    private final Map<String, RouteConfig> routes = new HashMap<>();
    private final Map<String, ClusterConfig> clusters = new HashMap<>();
    private final Map<String, ClusterEndpoints> endpoints = new HashMap<>();
    /** The app configuration subscribed to (SDS): none, or the sidecar's own service's. */
    private final Set<String> appConfigNames;
    private final Map<String, AppConfig> appConfigs = new HashMap<>();
    private final Map<XdsType, String> versions = new EnumMap<>(XdsType.class);
    /** Per type, each resource whose latest version was refused, with why; stale or refused by {@link #held}. */
    private final Map<XdsType, Map<String, String>> refusals = new EnumMap<>(XdsType.class);
    /** Types of which a response was applied, wholly or in part. */
    private final Set<XdsType> applied = EnumSet.noneOf(XdsType.class);

    /** A state that subscribes to no app configuration. */
    XdsConfigState() {
        this(Set.of());
    }

    /** @param appConfigNames the SDS Secrets of app configuration to subscribe to ({@code app-config/<service>}) */
    XdsConfigState(Set<String> appConfigNames) {
        this.appConfigNames = Set.copyOf(appConfigNames);
    }

    /** A response whose every resource is valid. */
    void acceptListeners(Map<String, ListenerConfig> accepted, String version) {
        acceptListeners(accepted, Map.of(), version);
    }

    /**
     * A state-of-the-world LDS response applied per resource: the listeners become the accepted ones plus, for
     * each rejected name, its last accepted version (if any). The version advances only when nothing was rejected.
     */
    void acceptListeners(Map<String, ListenerConfig> accepted, Map<String, String> rejected, String version) {
        replaceAll(listeners, accepted, rejected);
        Set<String> routeNames = routeNames();
        routes.keySet().retainAll(routeNames);
        refusals(XdsType.ROUTE).keySet().retainAll(routeNames);
        settle(XdsType.LISTENER, accepted.keySet(), rejected, rejected.keySet(), version);
    }

    void acceptClusters(Map<String, ClusterConfig> accepted, String version) {
        acceptClusters(accepted, Map.of(), version);
    }

    /** A state-of-the-world CDS response applied per resource, as {@link #acceptListeners(Map, Map, String)}. */
    void acceptClusters(Map<String, ClusterConfig> accepted, Map<String, String> rejected, String version) {
        replaceAll(clusters, accepted, rejected);
        Set<String> edsClusterNames = edsClusterNames();
        endpoints.keySet().retainAll(edsClusterNames);
        refusals(XdsType.ENDPOINT).keySet().retainAll(edsClusterNames);
        settle(XdsType.CLUSTER, accepted.keySet(), rejected, rejected.keySet(), version);
    }

    void acceptRoutes(Map<String, RouteConfig> accepted, String version) {
        acceptRoutes(accepted, Map.of(), version);
    }

    /** Keeps the valid route tables a listener references (ignores others); a rejected one keeps its last version. */
    void acceptRoutes(Map<String, RouteConfig> accepted, Map<String, String> rejected, String version) {
        Set<String> wanted = routeNames();
        accepted.forEach((name, route) -> {
            if (wanted.contains(name)) {
                routes.put(name, route);
            }
        });
        settle(XdsType.ROUTE, accepted.keySet(), rejected, wanted, version);
    }

    /**
     * {@code decoded} with every route table refused that has a route whose JWT requirement a listener referencing
     * it lacks ({@link EdgeListenerSettings#check}): where both are known, as Envoy's jwt_authn refuses an unknown
     * requirement_name. A listener update is not checked against the tables held: the next route table is.
     */
    ResourceDecoder.Decoded<RouteConfig> edgeChecked(ResourceDecoder.Decoded<RouteConfig> decoded) {
        Map<String, RouteConfig> valid = new HashMap<>(decoded.resources());
        List<String> errors = new ArrayList<>(decoded.errors());
        Map<String, String> rejected = new HashMap<>(decoded.rejected());
        for (RouteConfig table : decoded.resources().values()) {
            for (ListenerConfig listener : listeners.values()) {
                if (listener.isTcp() || !listener.routeConfigName().equals(table.name())) {
                    continue;
                }
                try {
                    table.virtualHosts().forEach(host -> host.routes().forEach(route -> listener.edge()
                            .check(route.edge())));
                } catch (IllegalArgumentException e) {
                    String error = "route configuration '" + table.name() + "' (listener '" + listener.name() + "'): "
                            + e.getMessage();
                    valid.remove(table.name());
                    errors.add(error);
                    rejected.put(table.name(), error);
                    break;
                }
            }
        }
        return new ResourceDecoder.Decoded<>(valid, errors, rejected);
    }

    void acceptEndpoints(Map<String, ClusterEndpoints> accepted, String version) {
        acceptEndpoints(accepted, Map.of(), version);
    }

    /** Keeps the valid endpoints of EDS clusters (ignores others); a rejected assignment keeps its last version. */
    void acceptEndpoints(Map<String, ClusterEndpoints> accepted, Map<String, String> rejected, String version) {
        Set<String> wanted = edsClusterNames();
        accepted.forEach((name, assignment) -> {
            if (wanted.contains(name)) {
                endpoints.put(name, assignment);
            }
        });
        settle(XdsType.ENDPOINT, accepted.keySet(), rejected, wanted, version);
    }

    /**
     * Keeps the valid app configurations subscribed to (ignores others); a rejected one keeps its last version. It is
     * no part of the mesh config: nothing waits for it ({@link #unresolved}, {@link #complete}) and a service
     * without one simply never gets it.
     */
    void acceptAppConfigs(Map<String, AppConfig> accepted, Map<String, String> rejected, String version) {
        accepted.forEach((name, config) -> {
            if (appConfigNames.contains(name)) {
                appConfigs.put(name, config);
            }
        });
        settle(XdsType.SECRET, accepted.keySet(), rejected, appConfigNames, version);
    }

    /** The app configuration last accepted, if any arrived. */
    Optional<AppConfig> appConfig() {
        return appConfigNames.stream().map(appConfigs::get).filter(Objects::nonNull).findFirst();
    }

    private static <R> void replaceAll(Map<String, R> held, Map<String, R> accepted, Map<String, String> rejected) {
        Map<String, R> lastGood = new HashMap<>(held);
        held.clear();
        held.putAll(accepted);
        rejected.keySet().forEach(name -> {
            R previous = lastGood.get(name);
            if (previous != null) {
                held.put(name, previous);
            }
        });
    }

    /**
     * Records which resources of a type had their latest version refused, among {@code sent} (what the control plane
     * still sends of the type), and, if none was refused, the version.
     */
    private void settle(XdsType type, Set<String> accepted, Map<String, String> rejected, Set<String> sent,
                        String version) {
        Map<String, String> typeRefusals = refusals(type);
        typeRefusals.keySet().removeAll(accepted);
        typeRefusals.putAll(rejected);
        typeRefusals.keySet().retainAll(sent);
        applied.add(type);
        if (rejected.isEmpty()) {
            versions.put(type, version);
        }
    }

    private Map<String, String> refusals(XdsType type) {
        return refusals.computeIfAbsent(type, t -> new TreeMap<>());
    }

    /** Per type, the resources whose latest version was refused, each with why: they keep their last accepted one. */
    Map<XdsType, Map<String, String>> stale() {
        return refusals(true);
    }

    /** Per type, the resources refused with no version ever accepted, each with why: absent from the config. */
    Map<XdsType, Map<String, String>> refused() {
        return refusals(false);
    }

    private Map<XdsType, Map<String, String>> refusals(boolean held) {
        Map<XdsType, Map<String, String>> copy = new EnumMap<>(XdsType.class);
        refusals.forEach((type, reasons) -> {
            Map<String, String> kept = new TreeMap<>();
            Set<String> present = held(type);
            reasons.forEach((name, reason) -> {
                if (present.contains(name) == held) {
                    kept.put(name, reason);
                }
            });
            if (!kept.isEmpty()) {
                copy.put(type, Map.copyOf(kept));
            }
        });
        return copy;
    }

    /**
     * The names of a type whose latest version sent was accepted and is held: what an incremental stream resumes
     * with (a refused one is to be sent again).
     */
    Set<String> current(XdsType type) {
        Set<String> names = new TreeSet<>(held(type));
        names.removeAll(refusals(type).keySet());
        return names;
    }

    /** The names of a type with an accepted version. */
    private Set<String> held(XdsType type) {
        return switch (type) {
            case LISTENER -> listeners.keySet();
            case ROUTE -> routes.keySet();
            case CLUSTER -> clusters.keySet();
            case ENDPOINT -> endpoints.keySet();
            case SECRET -> appConfigs.keySet();
        };
    }

    /** The RDS subscription: every route_config_name the listeners reference. */
    Set<String> routeNames() {
        Set<String> names = new TreeSet<>();
        listeners.values().stream()
                .filter(listener -> !listener.isTcp()) // a tcp_proxy listener references no routes
                .forEach(listener -> names.add(listener.routeConfigName()));
        return names;
    }

    /** The EDS subscription: every EDS cluster. */
    Set<String> edsClusterNames() {
        Set<String> names = new TreeSet<>();
        clusters.values().stream()
                .filter(cluster -> cluster.discovery() == ClusterConfig.Discovery.EDS)
                .forEach(cluster -> names.add(cluster.name()));
        return names;
    }

    /** The resource names to request for a type: none (wildcard) for CDS and LDS. */
    Set<String> subscription(XdsType type) {
        switch (type) {
            case ENDPOINT:
                return edsClusterNames();
            case ROUTE:
                return routeNames();
            case SECRET:
                return appConfigNames;
            default:
                return Set.of();
        }
    }

    /** The last accepted version of a type, {@code ""} before any. */
    String version(XdsType type) {
        return versions.getOrDefault(type, "");
    }

    /** Whether a response of this type was ever applied, wholly or in part. */
    boolean received(XdsType type) {
        return applied.contains(type);
    }

    /**
     * What the config references but lacks, e.g. {@code [cluster migration|m|to, endpoints of migration|m|to]}: route
     * tables of the listeners, endpoints of the EDS clusters, and clusters of the routes (forwarded to or mirrored to)
     * and of the TCP listeners. A request to a cluster it lacks fails (no_cluster), as does one to a cluster whose
     * endpoints have not arrived (no_healthy_upstream).
     */
    Set<String> unresolved() {
        Set<String> missing = new TreeSet<>();
        routeNames().stream().filter(name -> !routes.containsKey(name))
                .forEach(name -> missing.add("route table " + name));
        edsClusterNames().stream().filter(name -> !endpoints.containsKey(name))
                .forEach(name -> missing.add("endpoints of " + name));
        referencedClusters().stream().filter(name -> !clusters.containsKey(name))
                .forEach(name -> missing.add("cluster " + name));
        return missing;
    }

    private Set<String> referencedClusters() {
        Set<String> names = new TreeSet<>();
        listeners.values().stream().filter(ListenerConfig::isTcp).forEach(listener -> names.add(listener.cluster()));
        for (RouteConfig table : routes.values()) {
            for (VirtualHost host : table.virtualHosts()) {
                for (Route route : host.routes()) {
                    if (route.action() != null) {
                        route.action().clusters().forEach(cluster -> names.add(cluster.cluster()));
                        route.action().mirrors().forEach(mirror -> names.add(mirror.cluster()));
                    }
                }
            }
        }
        return names;
    }

    /** CDS and LDS received, and the EDS and RDS resources they reference too. */
    boolean complete() {
        return applied.contains(XdsType.CLUSTER) && applied.contains(XdsType.LISTENER)
                && endpoints.keySet().containsAll(edsClusterNames())
                && routes.keySet().containsAll(routeNames());
    }

    MeshConfig toMeshConfig() {
        Map<String, String> byTypeUrl = new HashMap<>();
        versions.forEach((type, version) -> {
            if (type != XdsType.SECRET) {
                byTypeUrl.put(type.typeUrl(), version);
            }
        });
        return new MeshConfig(listeners, routes, clusters, endpoints, byTypeUrl);
    }
}
