package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;

import java.util.HashMap;
import java.util.Map;

/**
 * One event loop's pools of one kind, by cluster then endpoint: looked up without allocating a key per request.
 * Touched only on its loop, so unsynchronized.
 */
final class PoolIndex<P> {

    private final Map<String, Map<Endpoint, P>> byCluster = new HashMap<>();

    P get(String cluster, Endpoint endpoint) {
        Map<Endpoint, P> byEndpoint = byCluster.get(cluster);
        return byEndpoint == null ? null : byEndpoint.get(endpoint);
    }

    void put(PoolKey key, P pool) {
        byCluster.computeIfAbsent(key.cluster(), cluster -> new HashMap<>()).put(key.endpoint(), pool);
    }

    /** Forgets {@code pool} (a gone endpoint leaves no pool behind), if it is still the one under {@code key}. */
    void remove(PoolKey key, P pool) {
        Map<Endpoint, P> byEndpoint = byCluster.get(key.cluster());
        if (byEndpoint != null && byEndpoint.remove(key.endpoint(), pool) && byEndpoint.isEmpty()) {
            byCluster.remove(key.cluster());
        }
    }
}
