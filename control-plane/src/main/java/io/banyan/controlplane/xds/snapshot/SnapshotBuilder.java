package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.appconfig.AppConfigSnapshot;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.route.OperatorRoute;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.dataplane.config.AppConfig;
import io.banyan.dataplane.xds.AppConfigTranslator;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the xDS snapshot of one node from the registry, policy, authorization and operator route snapshots, a
 * function of its inputs: the services it can reach are its {@link NodeScope} (what it declared and what the routes
 * and migrations of those reference; every registered service for a gateway or {@code --upstream '*'}), and only
 * those get a cluster, endpoints and a virtual host (unknown ones get a cluster with no endpoints, so the sidecar
 * answers 503 no_healthy_upstream). Clusters and
 * routes carry each service's traffic policy; inbound listeners the RBAC filter of the node's service. Each
 * resource type is versioned by a hash of its content.
 */
public final class SnapshotBuilder {

    private final ListenerBuilder listeners = new ListenerBuilder();
    private final RouteConfigBuilder routes = new RouteConfigBuilder();
    private final EdgePolicyBuilder edge = new EdgePolicyBuilder();
    private final AppConfigTranslator appConfigs = new AppConfigTranslator();
    private final RbacFilterBuilder rbac;

    /** @param trustDomain the SPIFFE trust domain of callers' ids in the RBAC filters */
    public SnapshotBuilder(String trustDomain) {
        this.rbac = new RbacFilterBuilder(trustDomain);
    }

    /** The node's snapshot built from every part of {@code config}. */
    public Snapshot build(SidecarNode node, MeshConfig config) {
        return build(node, config, ServiceResources.none());
    }

    /**
     * The node's snapshot built from every part of {@code config}, each service's cluster and endpoints taken from
     * {@code shared} (the same objects every node referencing the service gets; built when their inputs changed).
     */
    public Snapshot build(SidecarNode node, MeshConfig config, ServiceResources shared) {
        return build(node, config, shared, NodeScope.of(node, config));
    }

    /** As {@link #build(SidecarNode, MeshConfig, ServiceResources)}, with the node's scope in {@code config} known. */
    public Snapshot build(SidecarNode node, MeshConfig config, ServiceResources shared, NodeScope scope) {
        return build(node, config.registry(), config.policies(), config.authorizations(), config.routes(),
                config.migrations(), config.appConfigs(), shared, scope);
    }

    /** Without traffic policies or authorization rules: the defaults, every service accepts every caller. */
    public Snapshot build(SidecarNode node, RegistrySnapshot registry) {
        return build(node, registry, PolicySnapshot.empty(), AuthorizationSnapshot.empty());
    }

    public Snapshot build(SidecarNode node, RegistrySnapshot registry, PolicySnapshot policies,
                          AuthorizationSnapshot authorizations) {
        return build(node, registry, policies, authorizations, RouteSnapshot.empty());
    }

    public Snapshot build(SidecarNode node, RegistrySnapshot registry, PolicySnapshot policies,
                          AuthorizationSnapshot authorizations, RouteSnapshot operatorRoutes) {
        return build(node, registry, policies, authorizations, operatorRoutes, MigrationSnapshot.empty());
    }

    /**
     * With the live migrations the node serves: each one's route first in its table, and its side clusters with
     * their endpoints ({@link MigrationClusters}).
     */
    public Snapshot build(SidecarNode node, RegistrySnapshot registry, PolicySnapshot policies,
                          AuthorizationSnapshot authorizations, RouteSnapshot operatorRoutes,
                          MigrationSnapshot migrations) {
        return build(node, registry, policies, authorizations, operatorRoutes, migrations, AppConfigSnapshot.empty());
    }

    /**
     * With the app configuration of the node's service, as the SDS Secret {@code app-config/<service>}
     * ({@link AppConfigTranslator}): only a sidecar of that service gets it, never a gateway; {@link AppConfig#NONE}
     * when the service has none, so the sidecar's subscription is answered (java-control-plane's cache drops, in ADS
     * mode, a watch for a name its snapshot lacks, and would not answer it when the configuration is set later).
     */
    public Snapshot build(SidecarNode node, RegistrySnapshot registry, PolicySnapshot policies,
                          AuthorizationSnapshot authorizations, RouteSnapshot operatorRoutes,
                          MigrationSnapshot migrations, AppConfigSnapshot appConfig) {
        return build(node, registry, policies, authorizations, operatorRoutes, migrations, appConfig,
                ServiceResources.none(), NodeScope.of(node, registry, operatorRoutes, migrations));
    }

    private Snapshot build(SidecarNode node, RegistrySnapshot registry, PolicySnapshot policies,
                           AuthorizationSnapshot authorizations, RouteSnapshot operatorRoutes,
                           MigrationSnapshot migrations, AppConfigSnapshot appConfig, ServiceResources shared,
                           NodeScope scope) {
        SortedMap<String, List<InstanceHealth>> services = new TreeMap<>();
        scope.services().forEach(service -> services.put(service,
                registry.services().getOrDefault(service, List.of())));
        List<Migration> served = scope.migrations();

        List<VersionedResource<Cluster>> clusterList = new ArrayList<>();
        List<VersionedResource<ClusterLoadAssignment>> endpointList = new ArrayList<>();
        services.forEach((service, instances) -> {
            ServiceResources.Entry entry = shared.of(service, instances, policies.of(service));
            clusterList.add(entry.cluster());
            endpointList.add(entry.endpoints());
        });
        if (node.appPort() > 0) {
            clusterList.add(Versioned.of(ClusterBuilder.inboundCluster(node.appPort(), node.appProtocol())));
        }
        addMigrationSides(served, clusterList, endpointList);
        List<Listener> listenerList = listeners.build(node, rbac.inbound(node, authorizations),
                rbac.inboundNetwork(node, authorizations),
                service -> ClusterBuilder.protocolOf(services.getOrDefault(service, List.of())),
                node.isGateway() ? edge.filters(operatorRoutes.ofGateway(node.gateway()).stream()
                        .map(OperatorRoute::edge).toList()) : List.of());
        List<RouteConfiguration> routeList = referenced(routes.build(node, services.keySet(), policies,
                operatorRoutes, migrations), listenerList);
        List<Secret> secretList = node.isGateway() || node.service().isEmpty() ? List.of()
                : List.of(appConfigs.encode(node.service(), appConfig.of(node.service()).orElse(AppConfig.NONE)));
        return new VersionedSnapshot(clusterList, endpointList, Versioned.each(listenerList),
                Versioned.each(routeList), Versioned.each(secretList));
    }

    /** The side clusters (and endpoints) of the served migrations, copies of their services' shared ones. */
    private static void addMigrationSides(List<Migration> served, List<VersionedResource<Cluster>> clusters,
                                          List<VersionedResource<ClusterLoadAssignment>> endpoints) {
        if (served.isEmpty()) {
            return;
        }
        List<Cluster> clusterMessages = new ArrayList<>(clusters.stream().map(VersionedResource::resource).toList());
        List<ClusterLoadAssignment> endpointMessages =
                new ArrayList<>(endpoints.stream().map(VersionedResource::resource).toList());
        int clusterCount = clusterMessages.size();
        int endpointCount = endpointMessages.size();
        MigrationClusters.add(served, clusterMessages, endpointMessages);
        clusters.addAll(Versioned.each(clusterMessages.subList(clusterCount, clusterMessages.size())));
        endpoints.addAll(Versioned.each(endpointMessages.subList(endpointCount, endpointMessages.size())));
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
