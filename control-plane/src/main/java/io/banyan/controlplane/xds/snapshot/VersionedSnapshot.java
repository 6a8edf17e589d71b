package io.banyan.controlplane.xds.snapshot;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;

import java.util.List;
import java.util.Map;

/**
 * A java-control-plane {@link Snapshot} of resources already versioned ({@link Versioned}): its
 * {@link SnapshotResources} keep each {@link VersionedResource} as given, where {@code Snapshot.create} would hash
 * every resource of every node's snapshot again. Shared resources are the same objects in every node's snapshot.
 */
final class VersionedSnapshot extends Snapshot {

    private final SnapshotResources<Cluster> clusters;
    private final SnapshotResources<ClusterLoadAssignment> endpoints;
    private final SnapshotResources<Listener> listeners;
    private final SnapshotResources<RouteConfiguration> routes;
    private final SnapshotResources<Secret> secrets;

    VersionedSnapshot(List<VersionedResource<Cluster>> clusters,
                      List<VersionedResource<ClusterLoadAssignment>> endpoints,
                      List<VersionedResource<Listener>> listeners, List<VersionedResource<RouteConfiguration>> routes,
                      List<VersionedResource<Secret>> secrets) {
        this.clusters = SnapshotResources.create(clusters, Versioned.version(clusters));
        this.endpoints = SnapshotResources.create(endpoints, Versioned.version(endpoints));
        this.listeners = SnapshotResources.create(listeners, Versioned.version(listeners));
        this.routes = SnapshotResources.create(routes, Versioned.version(routes));
        this.secrets = SnapshotResources.create(secrets, Versioned.version(secrets));
    }

    @Override
    public SnapshotResources<Cluster> clusters() {
        return clusters;
    }

    @Override
    public SnapshotResources<ClusterLoadAssignment> endpoints() {
        return endpoints;
    }

    @Override
    public SnapshotResources<Listener> listeners() {
        return listeners;
    }

    @Override
    public SnapshotResources<RouteConfiguration> routes() {
        return routes;
    }

    @Override
    public SnapshotResources<Secret> secrets() {
        return secrets;
    }

    /**
     * By type, as {@code Snapshot} answers it. Raw: java-control-plane's base class and its v3 subclass declare this
     * method with two wildcard spellings javac does not unify, and only a raw map overrides both.
     */
    @Override
    @SuppressWarnings("rawtypes")
    public Map versionedResources(Resources.ResourceType type) {
        SnapshotResources<?> resources = switch (type) {
            case CLUSTER -> clusters;
            case ENDPOINT -> endpoints;
            case LISTENER -> listeners;
            case ROUTE -> routes;
            case SECRET -> secrets;
        };
        return resources.versionedResources();
    }
}
