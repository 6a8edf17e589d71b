package io.banyan.sidecar.tcp;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.loadbalance.PickContext;
import io.banyan.sidecar.upstream.UpstreamConnector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects one downstream connection to an endpoint of its cluster: the load balancer picks, and a failed connect
 * (refused, timed out, or a failed TLS handshake with a mesh endpoint) moves to another endpoint, at most
 * {@link #MAX_ATTEMPTS} in all. Runs on the downstream's event loop; the upstream is opened on the same loop.
 */
final class UpstreamDialer {

    /** The first attempt and up to two more, each to an endpoint not tried yet. */
    static final int MAX_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(UpstreamDialer.class);

    private final ClusterState cluster;
    private final UpstreamConnector connector;
    private final TcpSession session;
    private final TcpMetrics.Meters meters;
    private final Channel downstream;
    private final Promise<Channel> result;
    private final List<Endpoint> tried = new ArrayList<>();

    UpstreamDialer(ClusterState cluster, UpstreamConnector connector, TcpSession session, TcpMetrics.Meters meters,
                   Channel downstream) {
        this.cluster = cluster;
        this.connector = connector;
        this.session = session;
        this.meters = meters;
        this.downstream = downstream;
        this.result = downstream.eventLoop().newPromise();
    }

    /** Starts connecting; the future completes with the upstream channel, ready to relay, or fails after the last attempt. */
    Promise<Channel> dial() {
        attempt(null);
        return result;
    }

    private void attempt(Throwable lastFailure) {
        if (!downstream.isActive()) {
            result.tryFailure(new ConnectException("downstream closed while connecting"));
            return;
        }
        Endpoint endpoint = tried.size() < MAX_ATTEMPTS ? cluster.loadBalancer().pick(PickContext.avoiding(tried)) : null;
        if (endpoint == null) {
            ConnectException failure = new ConnectException("cluster " + cluster.name() + ": no endpoint reachable after "
                    + tried.size() + " attempt(s)" + (lastFailure == null ? "" : ": " + lastFailure.getMessage()));
            if (lastFailure != null) {
                failure.initCause(lastFailure);
            }
            result.tryFailure(failure);
            return;
        }
        tried.add(endpoint);
        ChannelFuture connect = connector.connectStream(downstream.eventLoop(), endpoint, cluster.connectTimeoutMillis(),
                new TcpUpstreamInitializer(cluster.config().peerService(), endpoint, connector.tls(), session,
                        meters.bytesToDownstream()));
        session.attempting(connect.channel());
        connect.addListener(connected -> {
            if (!connected.isSuccess()) {
                failed(endpoint, connect.channel(), connected.cause());
                return;
            }
            SslHandler tls = connect.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                succeeded(connect.channel());
                return;
            }
            connect.channel().read(); // auto-read is off: let the handshake read
            tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    succeeded(connect.channel());
                } else {
                    connector.tls().onHandshakeFailure(cluster.name(), endpoint, handshake.cause());
                    failed(endpoint, connect.channel(), handshake.cause());
                }
            });
        });
    }

    private void succeeded(Channel upstream) {
        if (!result.trySuccess(upstream)) {
            upstream.close();
        }
    }

    private void failed(Endpoint endpoint, Channel upstream, Throwable cause) {
        meters.connectFailures().increment();
        log.debug("tcp upstream {}:{} of cluster {} failed: {}", endpoint.host(), endpoint.port(), cluster.name(),
                cause.toString());
        upstream.close();
        attempt(cause);
    }
}
