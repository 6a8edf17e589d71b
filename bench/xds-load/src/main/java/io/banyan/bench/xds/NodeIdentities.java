package io.banyan.bench.xds;

import io.banyan.sidecar.listener.EventLoops;
import io.banyan.sidecar.tls.MeshIdentity;
import io.banyan.sidecar.xds.ControlPlaneChannels;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Each node's workload identity obtained as a sidecar obtains it, with the sidecar's own classes: a
 * {@link MeshIdentity} from its service's join token (which pins the control plane's CA) signs a CSR over the
 * control-plane channel; then the node's ADS channel is a fresh one that presents that certificate (as
 * {@code CertificateBoundChannel} does). All channels run on one shared Netty event loop group.
 */
public final class NodeIdentities implements AutoCloseable {

    private final String host;
    private final int port;
    private final EventLoops loops;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    public NodeIdentities(String host, int port, int threads) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.loops = EventLoops.create(threads);
    }

    /** Completes with the node's ADS channel once its certificate is issued. */
    public CompletableFuture<ManagedChannel> obtain(String service, String joinToken) {
        MeshIdentity identity = new MeshIdentity(service, MeshIdentity.DEFAULT_TRUST_DOMAIN, joinToken, meters,
                Clock.systemUTC());
        ControlPlaneChannels channels = new ControlPlaneChannels(host, port, identity.channelCredentials(),
                loops.group(), loops.socketChannelType());
        open.add(identity);
        open.add(channels);
        identity.start(channels);
        return identity.firstIdentity().thenApply(first -> {
            ManagedChannel ads = channels.openDedicated();
            open.add(ads::shutdownNow);
            return ads;
        });
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : open) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing everything regardless
            }
        }
        loops.close();
    }
}
