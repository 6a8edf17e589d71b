package io.banyan.sidecar.tcp;

import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.cluster.Clusters;
import io.banyan.sidecar.config.ListenerConfig;
import io.banyan.sidecar.upstream.UpstreamConnector;

import java.util.Objects;
import java.util.function.Supplier;

/** What every connection of one TCP listener shares: the listener, the live clusters, the connector, the meters. */
public final class TcpProxyContext {

    private final ListenerConfig listener;
    private final Supplier<Clusters> clusters;
    private final UpstreamConnector connector;
    private final TcpMetrics.Meters meters;

    /**
     * @param listener  a {@link ListenerConfig.Kind#TCP} listener
     * @param clusters  the clusters of the current config, read once per accepted connection
     * @param connector opens upstream connections (with the mutual TLS hook)
     */
    public TcpProxyContext(ListenerConfig listener, Supplier<Clusters> clusters, UpstreamConnector connector,
                           TcpMetrics metrics) {
        this.listener = Objects.requireNonNull(listener, "listener");
        if (!listener.isTcp()) {
            throw new IllegalArgumentException("listener.kind: " + listener.kind() + " (expected: TCP)");
        }
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.meters = metrics.of(listener.name(), listener.cluster());
    }

    public ListenerConfig listener() {
        return listener;
    }

    /** The target cluster now, or {@code null} when the current config has none of that name. */
    ClusterState cluster() {
        return clusters.get().get(listener.cluster());
    }

    UpstreamConnector connector() {
        return connector;
    }

    TcpMetrics.Meters meters() {
        return meters;
    }
}
