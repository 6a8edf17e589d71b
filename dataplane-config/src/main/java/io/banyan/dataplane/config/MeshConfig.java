package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.Map;

/**
 * Everything a sidecar runs with at one moment, swapped whole and atomically when xDS delivers an
 * accepted update. {@code versions} holds the last accepted version per xDS type URL (for config_dump).
 */
public record MeshConfig(Map<String, ListenerConfig> listeners,
                         Map<String, RouteConfig> routes,
                         Map<String, ClusterConfig> clusters,
                         Map<String, ClusterEndpoints> endpoints,
                         Map<String, String> versions) {

    public static final MeshConfig EMPTY = new MeshConfig(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public MeshConfig {
        listeners = Map.copyOf(Checks.nonNull(listeners, "meshConfig.listeners"));
        routes = Map.copyOf(Checks.nonNull(routes, "meshConfig.routes"));
        clusters = Map.copyOf(Checks.nonNull(clusters, "meshConfig.clusters"));
        endpoints = Map.copyOf(Checks.nonNull(endpoints, "meshConfig.endpoints"));
        versions = Map.copyOf(Checks.nonNull(versions, "meshConfig.versions"));
    }

    /** The endpoints of a cluster: its static ones, or those EDS delivered (none yet: empty). */
    public ClusterEndpoints endpointsOf(ClusterConfig cluster) {
        if (cluster.discovery() == ClusterConfig.Discovery.STATIC) {
            return cluster.staticEndpoints();
        }
        ClusterEndpoints delivered = endpoints.get(cluster.name());
        return delivered != null ? delivered : new ClusterEndpoints(cluster.name(), java.util.List.of());
    }
}
