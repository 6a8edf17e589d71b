package io.banyan.sidecar.xds;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.xds.XdsType;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The accepted xDS resources and their versions, following Envoy's state-of-the-world rules: CDS and
 * LDS responses replace all clusters and listeners; RDS and EDS responses update the named resources,
 * and route tables and endpoints nobody references any more are dropped. Confined to one thread.
 */
final class XdsConfigState {

    private final Map<String, ListenerConfig> listeners = new HashMap<>();
    private final Map<String, RouteConfig> routes = new HashMap<>();
    private final Map<String, ClusterConfig> clusters = new HashMap<>();
    private final Map<String, ClusterEndpoints> endpoints = new HashMap<>();
    private final Map<XdsType, String> versions = new EnumMap<>(XdsType.class);

    void acceptListeners(Map<String, ListenerConfig> accepted, String version) {
        listeners.clear();
        listeners.putAll(accepted);
        routes.keySet().retainAll(routeNames());
        versions.put(XdsType.LISTENER, version);
    }

    void acceptClusters(Map<String, ClusterConfig> accepted, String version) {
        clusters.clear();
        clusters.putAll(accepted);
        endpoints.keySet().retainAll(edsClusterNames());
        versions.put(XdsType.CLUSTER, version);
    }

    /** Keeps the route tables a listener references; ignores others. */
    void acceptRoutes(Map<String, RouteConfig> accepted, String version) {
        Set<String> wanted = routeNames();
        accepted.forEach((name, route) -> {
            if (wanted.contains(name)) {
                routes.put(name, route);
            }
        });
        versions.put(XdsType.ROUTE, version);
    }

    /** Keeps the endpoints of EDS clusters; ignores others. */
    void acceptEndpoints(Map<String, ClusterEndpoints> accepted, String version) {
        Set<String> wanted = edsClusterNames();
        accepted.forEach((name, assignment) -> {
            if (wanted.contains(name)) {
                endpoints.put(name, assignment);
            }
        });
        versions.put(XdsType.ENDPOINT, version);
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
            default:
                return Set.of();
        }
    }

    /** The last accepted version of a type, {@code ""} before any. */
    String version(XdsType type) {
        return versions.getOrDefault(type, "");
    }

    /** Whether a response of this type was ever accepted. */
    boolean received(XdsType type) {
        return versions.containsKey(type);
    }

    /** What {@link #complete()} still waits for, e.g. {@code endpoints [orders] routes []}. */
    String missing() {
        Set<String> endpointsMissing = edsClusterNames();
        endpointsMissing.removeAll(endpoints.keySet());
        Set<String> routesMissing = routeNames();
        routesMissing.removeAll(routes.keySet());
        return "endpoints " + endpointsMissing + " routes " + routesMissing;
    }

    /** CDS and LDS received, and the EDS and RDS resources they reference too. */
    boolean complete() {
        return versions.containsKey(XdsType.CLUSTER) && versions.containsKey(XdsType.LISTENER)
                && endpoints.keySet().containsAll(edsClusterNames())
                && routes.keySet().containsAll(routeNames());
    }

    MeshConfig toMeshConfig() {
        Map<String, String> byTypeUrl = new HashMap<>();
        versions.forEach((type, version) -> byTypeUrl.put(type.typeUrl(), version));
        return new MeshConfig(listeners, routes, clusters, endpoints, byTypeUrl);
    }
}
