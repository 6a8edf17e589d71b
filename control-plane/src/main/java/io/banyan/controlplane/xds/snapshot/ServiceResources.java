package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.InstanceHealth;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Each service's Cluster and ClusterLoadAssignment, built once per change of their inputs (the service's instances
 * and its traffic policy) and shared: every node snapshot that references the service holds the same immutable
 * {@link VersionedResource} objects, their versions (content hashes) computed once. An entry is reused while its
 * instances are the same list ({@code ==}, the registry's structural sharing) or an equal one and its policy is
 * equal; otherwise it is rebuilt. The publisher's holds what the mesh has now ({@link #retainOnly}); {@link #none()}
 * builds every time and keeps nothing (dry runs and checks, on any thread). Not thread-safe otherwise: one publisher
 * thread uses it.
 */
public final class ServiceResources {

    /** One service's shared resources and the inputs they were built from. */
    record Entry(List<InstanceHealth> instances, TrafficPolicy policy, VersionedResource<Cluster> cluster,
                 VersionedResource<ClusterLoadAssignment> endpoints) {

        boolean builtFrom(List<InstanceHealth> otherInstances, TrafficPolicy otherPolicy) {
            return (instances == otherInstances || instances.equals(otherInstances)) && policy.equals(otherPolicy);
        }
    }

    private final Map<String, Entry> entries;

    private ServiceResources(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** A cache the publisher keeps between changes. */
    public static ServiceResources shared() {
        return new ServiceResources(new HashMap<>());
    }

    /** No cache: each call builds (for callers on other threads, and one-off builds). */
    public static ServiceResources none() {
        return new ServiceResources(null);
    }

    /** The service's resources for these inputs: the kept ones when built from equal inputs, else built now. */
    Entry of(String service, List<InstanceHealth> instances, TrafficPolicy policy) {
        Objects.requireNonNull(instances, "instances");
        Objects.requireNonNull(policy, "policy");
        Entry kept = entries == null ? null : entries.get(service);
        if (kept != null && kept.builtFrom(instances, policy)) {
            return kept;
        }
        Entry built = new Entry(instances, policy,
                Versioned.of(ClusterBuilder.edsCluster(service, ClusterBuilder.protocolOf(instances), policy)),
                Versioned.of(LoadAssignmentBuilder.assignment(service, instances)));
        if (entries != null) {
            entries.put(service, built);
        }
        return built;
    }

    /** Forgets the services not in {@code services} (gone from every node's scope). */
    public void retainOnly(Set<String> services) {
        if (entries != null) {
            entries.keySet().retainAll(services);
        }
    }

    /** How many services' resources are kept. */
    public int size() {
        return entries == null ? 0 : entries.size();
    }
}
