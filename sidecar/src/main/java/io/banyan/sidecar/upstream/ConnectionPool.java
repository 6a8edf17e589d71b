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
    private final FastThreadLocal<Map<Endpoint, EndpointPool>> pools = new FastThreadLocal<>() {
        @Override
        protected Map<Endpoint, EndpointPool> initialValue() {
            return new HashMap<>();
        }
    };

    public ConnectionPool(UpstreamConnector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * Acquires a connection to {@code endpoint} on {@code loop} (the caller must be on it): an idle pooled one,
     * else a new one. {@code gauge} counts the new connection while it stays open.
     */
    public void acquire(EventLoop loop, Endpoint endpoint, long connectTimeoutMillis, AtomicInteger gauge,
                        AcquireCallback callback) {
        assert loop.inEventLoop();
        Map<Endpoint, EndpointPool> byEndpoint = pools.get();
        EndpointPool pool = byEndpoint.get(endpoint);
        if (pool == null) {
            pool = new EndpointPool(endpoint, loop, connector, connector.settings(), byEndpoint);
            byEndpoint.put(endpoint, pool);
        }
        pool.acquire(connectTimeoutMillis, gauge, callback);
    }
}
