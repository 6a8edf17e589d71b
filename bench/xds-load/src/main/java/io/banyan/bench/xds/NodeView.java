package io.banyan.bench.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;

import java.util.Optional;

/** What a node holds now, as the checks of a change see it. */
public interface NodeView {

    /** Whether the node declared {@code service} among its upstreams. */
    boolean declares(String service);

    /** Whether the node holds a Cluster named {@code service} (what the control plane sent, not what it declared). */
    boolean holdsCluster(String service);

    Optional<Cluster> cluster(String name);

    Optional<ClusterLoadAssignment> endpoints(String name);
}
