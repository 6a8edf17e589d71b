package io.banyan.sidecar.upstream;

/** Result of {@link ConnectionPool#acquire}; called on the requesting event loop, possibly before acquire returns. */
public interface AcquireCallback {

    void onAcquired(UpstreamConnection connection);

    /**
     * Connect refused or timed out, or {@link PoolExhaustedException} when the endpoint is at its cap or the cluster
     * at its {@code max_connections} or {@code max_pending_requests} threshold (503 overflow).
     */
    void onAcquireFailed(Throwable cause);
}
