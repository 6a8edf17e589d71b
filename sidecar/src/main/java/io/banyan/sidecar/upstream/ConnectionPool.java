package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.Objects;

/**
 * Upstream connections pooled per endpoint and per event loop: a request acquires on its downstream
 * channel's loop, so connections never change threads and the pools need no locks. HTTP/1.1 connections
 * carry one exchange at a time; HTTP/2 ones (clusters of {@link UpstreamProtocol#HTTP2} or
 * {@link UpstreamProtocol#GRPC}) carry many, one stream each.
 *
 * <p>A cluster's thresholds count what its pools hold: {@code CONNECTIONS} from a new connection's connect until
 * it closes, {@code PENDING_REQUESTS} while a request waits for a connection being established (HTTP/1.1
 * connecting, HTTP/2 queued on a connection not yet ready). An acquire that would exceed either fails at once
 * with {@link PoolExhaustedException} (503 overflow); one that reuses an idle connection, or opens a stream on a
 * ready HTTP/2 connection, takes neither. A pooled connection closes after its cluster's idle timeout, capped by
 * {@link PoolSettings#idleTimeoutFor(java.time.Duration)}.
 */
public final class ConnectionPool {

    private final UpstreamConnector connector;
    private final FastThreadLocal<LoopPools> pools = new FastThreadLocal<>() {
        @Override
        protected LoopPools initialValue() {
            return new LoopPools();
        }
    };

    public ConnectionPool(UpstreamConnector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** Whether a cluster speaking {@code protocol} is reached over multiplexed HTTP/2 connections. */
    public static boolean multiplexed(UpstreamProtocol protocol) {
        return protocol == UpstreamProtocol.HTTP2 || protocol == UpstreamProtocol.GRPC;
    }

    /**
     * Acquires what carries one exchange to {@code endpoint} of {@code cluster} (see
     * {@link #acquire(EventLoop, String, Endpoint, UpstreamProtocol, long, ConnectionCounts, AcquireCallback)}), with the
     * cluster's protocol, connect timeout and idle timeout, counting new connections and waiting requests in
     * {@code thresholds} (the cluster's current generation; each unit is given back to the instance it came from).
     */
    public void acquire(EventLoop loop, ClusterConfig cluster, ClusterThresholds thresholds, Endpoint endpoint,
                        ConnectionCounts gauge, AcquireCallback callback) {
        long idleMillis = connector.settings().idleTimeoutFor(cluster.idleTimeout()).toMillis();
        acquire(loop, cluster.name(), cluster.peerService(), endpoint, cluster.protocol(),
                new AcquireOptions(cluster.connectTimeout().toMillis(), idleMillis, thresholds, gauge), callback);
    }

    /** An HTTP/1.1 connection: {@link #acquire(EventLoop, String, Endpoint, UpstreamProtocol, long, ConnectionCounts, AcquireCallback)}. */
    public void acquire(EventLoop loop, String cluster, Endpoint endpoint, long connectTimeoutMillis, ConnectionCounts gauge,
                        AcquireCallback callback) {
        acquire(loop, cluster, endpoint, UpstreamProtocol.HTTP1, connectTimeoutMillis, gauge, callback);
    }

    /**
     * Acquires, on {@code loop} (the caller must be on it), what carries one exchange to {@code endpoint} of
     * {@code cluster}: for HTTP/1.1 an idle pooled connection, else a new one; for HTTP/2 and gRPC a new stream on a
     * pooled connection with room for it, else on a new connection (h2c with prior knowledge, or TLS whose ALPN
     * must select {@code h2}). A new connection is handed out over TLS only once its handshake succeeded, when the
     * {@link UpstreamTls} hook says so. {@code gauge} counts each new connection while it stays open, and while it carries an exchange. Nothing is
     * counted against a cluster threshold, and new connections get the pool's idle timeout.
     */
    public void acquire(EventLoop loop, String cluster, Endpoint endpoint, UpstreamProtocol protocol,
                        long connectTimeoutMillis, ConnectionCounts gauge, AcquireCallback callback) {
        acquire(loop, cluster, cluster, endpoint, protocol, new AcquireOptions(connectTimeoutMillis,
                connector.settings().idleTimeout().toMillis(), null, gauge), callback);
    }

    private void acquire(EventLoop loop, String cluster, String service, Endpoint endpoint, UpstreamProtocol protocol,
                         AcquireOptions options, AcquireCallback callback) {
        assert loop.inEventLoop();
        LoopPools local = pools.get();
        if (multiplexed(protocol)) {
            Http2EndpointPool pool = local.http2.get(cluster, endpoint);
            if (pool == null) {
                PoolKey key = new PoolKey(cluster, service, endpoint);
                pool = new Http2EndpointPool(key, loop, connector, connector.settings(), local.http2);
                local.http2.put(key, pool);
            }
            pool.acquire(options, callback);
            return;
        }
        EndpointPool pool = local.http1.get(cluster, endpoint);
        if (pool == null) {
            PoolKey key = new PoolKey(cluster, service, endpoint);
            pool = new EndpointPool(key, loop, connector, connector.settings(), local.http1);
            local.http1.put(key, pool);
        }
        pool.acquire(options, callback);
    }

    /** One event loop's pools. */
    private static final class LoopPools {
        private final PoolIndex<EndpointPool> http1 = new PoolIndex<>();
        private final PoolIndex<Http2EndpointPool> http2 = new PoolIndex<>();
    }
}
