package io.banyan.sidecar.upstream;

import io.banyan.sidecar.config.Endpoint;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upstream connections pooled per endpoint and per event loop: a request acquires on its downstream
 * channel's loop, so connections never change threads and the pools need no locks.
 */
public final class ConnectionPool {

    private final UpstreamConnector connector;
    private final FastThreadLocal<Map<PoolKey, EndpointPool>> pools = new FastThreadLocal<>() {
        @Override
        protected Map<PoolKey, EndpointPool> initialValue() {
            return new HashMap<>();
        }
    };

    public ConnectionPool(UpstreamConnector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * Acquires a connection to {@code endpoint} of {@code cluster} on {@code loop} (the caller must be on it): an
     * idle pooled one, else a new one (over TLS once its handshake succeeded, when the {@link UpstreamTls} hook says
     * so). {@code gauge} counts the new connection while it stays open.
     */
    public void acquire(EventLoop loop, String cluster, Endpoint endpoint, long connectTimeoutMillis, AtomicInteger gauge,
                        AcquireCallback callback) {
        assert loop.inEventLoop();
        Map<PoolKey, EndpointPool> byEndpoint = pools.get();
        PoolKey key = new PoolKey(cluster, endpoint);
        EndpointPool pool = byEndpoint.get(key);
        if (pool == null) {
            pool = new EndpointPool(key, loop, connector, connector.settings(), byEndpoint);
            byEndpoint.put(key, pool);
        }
        pool.acquire(connectTimeoutMillis, gauge, callback);
    }
}
