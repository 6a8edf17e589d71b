package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.PoolSettings;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 connections to one endpoint owned by one event loop: a new stream goes on the first connection with
 * room, else waits on one being established, else on a new connection, up to the per-endpoint cap. A waiting
 * request holds a unit of the cluster's {@code PENDING_REQUESTS}, a connection one of {@code CONNECTIONS} until it
 * closes. Touched only on that loop, so unsynchronized.
 */
final class Http2EndpointPool {

    private final PoolKey key;
    private final EventLoop loop;
    private final UpstreamConnector connector;
    private final PoolSettings settings;
    private final PoolIndex<Http2EndpointPool> owner;
    private final SocketAddress address;
    private final List<MultiplexedConnection> connections = new ArrayList<>(2);

    Http2EndpointPool(PoolKey key, EventLoop loop, UpstreamConnector connector, PoolSettings settings,
                      PoolIndex<Http2EndpointPool> owner) {
        this.key = key;
        this.loop = loop;
        this.connector = connector;
        this.settings = settings;
        this.owner = owner;
        this.address = connector.address(key.endpoint());
    }

    String authority() {
        return key.endpoint().authority();
    }

    void acquire(AcquireOptions options, AcquireCallback callback) {
        for (int i = 0; i < connections.size(); i++) {
            if (connections.get(i).tryOpenStream(callback)) {
                return;
            }
        }
        MultiplexedConnection establishing = null;
        for (int i = 0; i < connections.size() && establishing == null; i++) {
            if (connections.get(i).mayWait()) {
                establishing = connections.get(i);
            }
        }
        if (establishing == null && connections.size() >= settings.maxConnectionsPerEndpoint()) {
            callback.onAcquireFailed(new PoolExhaustedException(authority(), settings.maxConnectionsPerEndpoint()));
            return;
        }
        HeldResource pending = options.take(ClusterThresholds.Resource.PENDING_REQUESTS);
        if (pending == null) {
            callback.onAcquireFailed(options.overflow(key.cluster(), ClusterThresholds.Resource.PENDING_REQUESTS));
            return;
        }
        if (establishing != null) {
            establishing.await(callback, options, pending);
            return;
        }
        HeldResource slot = options.take(ClusterThresholds.Resource.CONNECTIONS);
        if (slot == null) {
            pending.release();
            callback.onAcquireFailed(options.overflow(key.cluster(), ClusterThresholds.Resource.CONNECTIONS));
            return;
        }
        MultiplexedConnection connection = new MultiplexedConnection(this,
                TimeUnit.MILLISECONDS.toNanos(options.idleTimeoutMillis()), slot);
        connections.add(connection);
        connection.await(callback, options, pending);
        connect(connection, options.connectTimeoutMillis(), options.gauge());
    }

    private void connect(MultiplexedConnection connection, long connectTimeoutMillis, ConnectionCounts gauge) {
        ChannelFuture connect = connector.http2Bootstrap(loop, key, connection, connectTimeoutMillis).connect(address);
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                connection.failed(done.cause());
                onClosed(connection); // never active, so no channelInactive will count it
                return;
            }
            Channel channel = connect.channel();
            connection.connected(gauge, connectTimeoutMillis);
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            if (tls != null) {
                // no stream before the peer proved its identity and agreed to speak h2
                tls.handshakeFuture().addListener(handshake -> {
                    Throwable failure = handshake.isSuccess() ? alpnMismatch(tls.applicationProtocol()) : handshake.cause();
                    if (failure != null) {
                        connector.handshakeFailed(key, failure);
                        connection.failed(failure);
                        channel.close();
                    }
                });
            }
        });
    }

    private AlpnMismatchException alpnMismatch(String selected) {
        return ApplicationProtocolNames.HTTP_2.equals(selected) ? null
                : new AlpnMismatchException(authority(), key.cluster(), selected, ApplicationProtocolNames.HTTP_2);
    }

    /** {@code connection} closed, or never connected: it leaves the pool and gives back its unit of CONNECTIONS. */
    void onClosed(MultiplexedConnection connection) {
        connection.releaseSlot();
        if (connections.remove(connection) && connections.isEmpty()) {
            owner.remove(key, this);
        }
    }
}
