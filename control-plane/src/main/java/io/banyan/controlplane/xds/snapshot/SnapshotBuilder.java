package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.authz.EffectiveAuthorization;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds the xDS snapshot of one node from the registry: the services it can reach are every registered
 * service plus every service named in its upstreams (unknown ones get a cluster with no endpoints, so the
 * sidecar answers 503 no_healthy_upstream). Clusters and routes carry each service's traffic policy. Each
 * resource type is versioned by a hash of its content.
 */
public final class SnapshotBuilder {

    private final ClusterBuilder clusters = new ClusterBuilder();
    private final LoadAssignmentBuilder endpoints = new LoadAssignmentBuilder();
    private final ListenerBuilder listeners = new ListenerBuilder();
    private final RouteConfigBuilder routes = new RouteConfigBuilder();
    private final RbacFilterBuilder rbac;

    /** Without authorization: every service accepts every caller. */
    public SnapshotBuilder() {
        this.rbac = RbacFilterBuilder.allowAll();
    }

    /**
     * With authorization: each inbound listener gets the RBAC filter of its service's effective rule.
     *
     * @param trustDomain   the SPIFFE trust domain of callers' ids
     * @param authorization the effective rule of a service (e.g. {@code Authorizations::effective})
     */
    public SnapshotBuilder(String trustDomain, Function<String, EffectiveAuthorization> authorization) {
        this.rbac = new RbacFilterBuilder(trustDomain, authorization);
    }

    public Snapshot build(SidecarNode node, RegistrySnapshot registry) {
        return build(node, registry, PolicySnapshot.empty());
    }

    public Snapshot build(SidecarNode node, RegistrySnapshot registry, PolicySnapshot policies) {
        SortedMap<String, List<InstanceHealth>> services = new TreeMap<>(registry.services());
        node.upstreams().forEach(upstream -> services.putIfAbsent(upstream.service(), List.of()));

        List<Cluster> clusterList = clusters.build(node, services, policies);
        List<ClusterLoadAssignment> endpointList = endpoints.build(services);
        List<Listener> listenerList = listeners.build(node, rbac.inbound(node), rbac.inboundNetwork(node),
                service -> ClusterBuilder.protocolOf(services.getOrDefault(service, List.of())));
        List<RouteConfiguration> routeList = referenced(routes.build(node, services.keySet(), policies),
                listenerList);
        return Snapshot.create(
                clusterList, ContentVersion.of(clusterList),
                endpointList, ContentVersion.of(endpointList),
                listenerList, ContentVersion.of(listenerList),
                routeList, ContentVersion.of(routeList),
                List.of(), ContentVersion.of(List.of()));
    }

    /** The route tables an HTTP listener references (a tcp_proxy listener references none). */
    private static List<RouteConfiguration> referenced(List<RouteConfiguration> routes, List<Listener> listeners) {
        Set<String> names = new HashSet<>();
        for (Listener listener : listeners) {
            ListenerBuilder.routeConfigName(listener).ifPresent(names::add);
        }
        return routes.stream().filter(route -> names.contains(route.getName())).toList();
    }
}
