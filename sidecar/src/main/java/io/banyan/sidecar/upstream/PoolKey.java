package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;

import java.util.Objects;

/**
 * What a pool of connections is for: an endpoint as a member of a cluster, whose TLS peer must be a workload of
 * {@code service} (the cluster's {@link io.banyan.dataplane.config.ClusterConfig#peerService()}).
 */
record PoolKey(String cluster, String service, Endpoint endpoint) {

    PoolKey {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
