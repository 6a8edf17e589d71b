package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;

import java.util.Objects;

/** What a pool of connections is for: an endpoint as a member of a cluster (whose service its TLS peer must be). */
record PoolKey(String cluster, Endpoint endpoint) {

    PoolKey {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
