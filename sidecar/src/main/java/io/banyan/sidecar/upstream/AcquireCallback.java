package io.banyan.sidecar.upstream;

/** Result of {@link ConnectionPool#acquire}; called on the requesting event loop, possibly before acquire returns. */
public interface AcquireCallback {

    void onAcquired(UpstreamConnection connection);

    /** Connect refused or timed out, or {@link PoolExhaustedException} when the endpoint is at its cap. */
    void onAcquireFailed(Throwable cause);
}
