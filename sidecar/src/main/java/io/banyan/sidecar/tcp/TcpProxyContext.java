package io.banyan.sidecar.tcp;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.tls.PeerIdentity;
import io.banyan.sidecar.upstream.UpstreamConnector;
import io.netty.channel.Channel;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every connection of one TCP listener shares: the listener, the live clusters and authorization, the
 * connector, the meters, and how sessions end on a drain.
 */
public final class TcpProxyContext {

    private final ListenerConfig listener;
    private final Supplier<Clusters> clusters;
    private final Supplier<AuthorizationPolicy> authorization;
    private final UpstreamConnector connector;
    private final TcpMetrics.Meters meters;
    private final DrainTiming drain;

    /** Who may connect is the {@code listener}'s own authorization, fixed; drains as {@link DrainTiming#DEFAULT}. */
    public TcpProxyContext(ListenerConfig listener, Supplier<Clusters> clusters, UpstreamConnector connector,
                           TcpMetrics metrics) {
        this(listener, clusters, listener::authorization, connector, metrics, DrainTiming.DEFAULT);
    }

    /**
     * @param listener      a {@link ListenerConfig.Kind#TCP} listener
     * @param clusters      the clusters of the current config, read once per accepted connection
     * @param authorization who may connect through this listener now (the current config's policy), read once per
     *                      connection after its TLS handshake: a tightened policy applies to new connections
     * @param connector     opens upstream connections (with the mutual TLS hook)
     * @param drain         how relaying sessions end when the data plane drains
     */
    public TcpProxyContext(ListenerConfig listener, Supplier<Clusters> clusters,
                           Supplier<AuthorizationPolicy> authorization, UpstreamConnector connector, TcpMetrics metrics,
                           DrainTiming drain) {
        this.listener = Objects.requireNonNull(listener, "listener");
        if (!listener.isTcp()) {
            throw new IllegalArgumentException("listener.kind: " + listener.kind() + " (expected: TCP)");
        }
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.meters = metrics.of(listener.name(), listener.cluster());
        this.drain = Objects.requireNonNull(drain, "drain");
    }

    public ListenerConfig listener() {
        return listener;
    }

    /** The target cluster now, or {@code null} when the current config has none of that name. */
    ClusterState cluster() {
        return clusters.get().get(listener.cluster());
    }

    /**
     * Whether the caller of {@code downstream} may connect: its verified SPIFFE id (none on a plaintext listener)
     * against the listener's policy now.
     */
    boolean authorizes(Channel downstream) {
        AuthorizationPolicy policy = authorization.get();
        return policy.allowAll() || policy.allows(PeerIdentity.of(downstream).orElse(null));
    }

    UpstreamConnector connector() {
        return connector;
    }

    TcpMetrics.Meters meters() {
        return meters;
    }

    DrainTiming drain() {
        return drain;
    }
}
