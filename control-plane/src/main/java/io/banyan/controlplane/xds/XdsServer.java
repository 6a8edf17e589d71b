package io.banyan.controlplane.xds;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's gRPC endpoint: ADS (and the separate CDS/EDS/LDS/RDS services) served by
 * java-control-plane from the snapshot cache — state of the world ({@code StreamAggregatedResources}) and incremental
 * ({@code DeltaAggregatedResources}, resumable with {@code initial_resource_versions} through {@link DeltaResume}) —
 * plus any other services handed in (registration, CA, load reporting).
 * The server is built in {@link #start} only, so TLS arrives through {@link XdsServerSettings#credentials()}.
 * Every discovery service sits behind {@code authentication} (normally
 * {@link io.banyan.controlplane.ca.RequireWorkloadIdentity}): a client without a workload certificate gets no stream.
 */
public final class XdsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XdsServer.class);

    private final Server server;
    private final XdsServerSettings settings;
    private final DeltaResume resume;

    private XdsServer(Server server, XdsServerSettings settings, DeltaResume resume) {
        this.server = server;
        this.settings = settings;
        this.resume = resume;
    }

    /**
     * Binds and starts the server.
     *
     * @param settings      address, port and transport security
     * @param callbacks     stream callbacks (normally {@link XdsStreamCallbacks})
     * @param cache         the snapshot cache, keyed by node id ({@link SnapshotPublisher#cache()})
     * @param authentication runs first on every discovery call; puts the client's identity into the call's Context
     * @param extraServices more services on the same port (registration, CA)
     */
    public static XdsServer start(XdsServerSettings settings, DiscoveryServerCallbacks callbacks, SimpleCache<String> cache,
                                  ServerInterceptor authentication, List<ServerServiceDefinition> extraServices)
            throws IOException {
        DeltaResume resume = new DeltaResume(cache);
        V3DiscoveryServer discovery = new V3DiscoveryServer(List.of(callbacks, resume), resume);
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(settings.bindAddress(), settings.port()), settings.credentials())
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxInboundMessageSize(16 * 1024 * 1024);
        for (BindableService service : List.of(
                discovery.getAggregatedDiscoveryServiceImpl(),
                discovery.getClusterDiscoveryServiceImpl(),
                discovery.getEndpointDiscoveryServiceImpl(),
                discovery.getListenerDiscoveryServiceImpl(),
                discovery.getRouteDiscoveryServiceImpl())) {
            // Interceptors run last-added first: the client is authenticated, then its address is in the Context,
            // before the node is filled in.
            builder.addService(ServerInterceptors.intercept(service, new StickyNode(), new StreamPeer(), authentication));
        }
        extraServices.forEach(builder::addService);
        Server server;
        try {
            server = builder.build().start();
        } catch (IOException | RuntimeException e) {
            resume.close();
            throw e;
        }
        log.info("xDS server listening on {}:{}", settings.bindAddress(), server.getPort());
        return new XdsServer(server, settings, resume);
    }

    /** The bound port (the real one when started with port 0). */
    public int port() {
        return server.getPort();
    }

    /** Stops accepting calls, waits up to the shutdown grace for open streams, then cancels them. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            resume.close();
        }
    }
}
