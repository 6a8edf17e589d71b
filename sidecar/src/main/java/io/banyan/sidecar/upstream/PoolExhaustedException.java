package io.banyan.sidecar.upstream;

/**
 * The endpoint already has as many open connections as the pool allows, or the cluster is at its
 * {@code max_connections} or {@code max_pending_requests} threshold: the request fails with 503 overflow.
 */
public final class PoolExhaustedException extends Exception {

    public PoolExhaustedException(String endpoint, int max) {
        this("upstream pool of " + endpoint + " is full: " + max + " connections");
    }

    private PoolExhaustedException(String message) {
        super(message, null, false, false);
    }

    /** Cluster {@code cluster} has {@code max} units of {@code resource} (a threshold token) in use. */
    static PoolExhaustedException clusterOverflow(String cluster, String resource, int max) {
        return new PoolExhaustedException("cluster " + cluster + " is at its " + resource + " threshold: " + max);
    }
}
