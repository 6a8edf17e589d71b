package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.PoolSettings;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;

import java.net.SocketAddress;
import java.util.ArrayDeque;

/**
 * The HTTP/1.1 connections to one endpoint owned by one event loop: an idle one is reused, else a new one opens,
 * holding a unit of the cluster's {@code CONNECTIONS} while open and one of {@code PENDING_REQUESTS} for the
 * request while it connects. Touched only on that loop, so unsynchronized.
 */
final class EndpointPool {

    private final PoolKey key;
    private final Endpoint endpoint;
    private final EventLoop loop;
    private final UpstreamConnector connector;
    private final PoolSettings settings;
    private final PoolIndex<EndpointPool> owner;
    private final SocketAddress address;
    private final ArrayDeque<Http1Connection> idle = new ArrayDeque<>();
    private Bootstrap bootstrap;
    private long bootstrapTimeoutMillis = -1;
    private long bootstrapIdleMillis = -1;
    private int open;

    EndpointPool(PoolKey key, EventLoop loop, UpstreamConnector connector, PoolSettings settings,
                 PoolIndex<EndpointPool> owner) {
        this.key = key;
        this.endpoint = key.endpoint();
        this.loop = loop;
        this.connector = connector;
        this.settings = settings;
        this.owner = owner;
        this.address = connector.address(endpoint);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    void acquire(AcquireOptions options, AcquireCallback callback) {
        Http1Connection pooled;
        while ((pooled = idle.pollLast()) != null) {
            if (pooled.channel().isActive()) {
                pooled.markReused();
                pooled.lend();
                callback.onAcquired(pooled);
                return;
            }
        }
        if (open >= settings.maxConnectionsPerEndpoint()) {
            callback.onAcquireFailed(new PoolExhaustedException(endpoint.authority(), settings.maxConnectionsPerEndpoint()));
            return;
        }
        HeldResource pending = options.take(ClusterThresholds.Resource.PENDING_REQUESTS);
        if (pending == null) {
            callback.onAcquireFailed(options.overflow(key.cluster(), ClusterThresholds.Resource.PENDING_REQUESTS));
            return;
        }
        HeldResource slot = options.take(ClusterThresholds.Resource.CONNECTIONS);
        if (slot == null) {
            pending.release();
            callback.onAcquireFailed(options.overflow(key.cluster(), ClusterThresholds.Resource.CONNECTIONS));
            return;
        }
        open++;
        ChannelFuture connect = bootstrap(options).connect(address);
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                slot.release();
                pending.release();
                closedOne(); // never active, so no channelInactive will count it
                callback.onAcquireFailed(done.cause());
                return;
            }
            Channel channel = connect.channel();
            channel.pipeline().get(Http1Connection.class).hold(slot); // given back when the connection closes
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            if (tls == null) {
                pending.release();
                acquired(channel, options.gauge(), callback);
                return;
            }
            // hand the connection out only once the peer proved its identity: no request byte before that
            tls.handshakeFuture().addListener(handshake -> {
                pending.release();
                if (handshake.isSuccess()) {
                    acquired(channel, options.gauge(), callback);
                } else {
                    connector.handshakeFailed(key, handshake.cause());
                    channel.close(); // channelInactive counts it closed
                    callback.onAcquireFailed(handshake.cause());
                }
            });
            channel.read(); // auto-read is off: let the handshake read the server's flight
        });
    }

    private static void acquired(Channel channel, ConnectionCounts gauge, AcquireCallback callback) {
        Http1Connection connection = channel.pipeline().get(Http1Connection.class);
        connection.countIn(gauge);
        connection.lend();
        callback.onAcquired(connection);
    }

    void release(Http1Connection connection) {
        idle.addLast(connection);
    }

    void onClosed(Http1Connection connection) {
        idle.remove(connection);
        closedOne();
    }

    private void closedOne() {
        open--;
        if (open == 0) {
            owner.remove(key, this);
        }
    }

    private Bootstrap bootstrap(AcquireOptions options) {
        if (bootstrap == null || bootstrapTimeoutMillis != options.connectTimeoutMillis()
                || bootstrapIdleMillis != options.idleTimeoutMillis()) {
            bootstrap = connector.bootstrap(loop, key, this, options.connectTimeoutMillis(), options.idleTimeoutMillis());
            bootstrapTimeoutMillis = options.connectTimeoutMillis();
            bootstrapIdleMillis = options.idleTimeoutMillis();
        }
        return bootstrap;
    }
}
