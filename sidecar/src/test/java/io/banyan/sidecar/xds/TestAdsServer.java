package io.banyan.sidecar.xds;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A java-control-plane ADS server on 127.0.0.1 (port 0 at first, the same port after a restart)
 * serving one snapshot to every node over both ADS variants, and recording every request it receives.
 */
final class TestAdsServer implements AutoCloseable {

    private final SimpleCache<String> cache = new SimpleCache<>(node -> "all");
    private final List<DiscoveryRequest> requests = new CopyOnWriteArrayList<>();
    private final List<DeltaDiscoveryRequest> deltaRequests = new CopyOnWriteArrayList<>();
    private Server server;
    private int port;

    TestAdsServer start() {
        return startOn(0);
    }

    /** Starts again on the port of the previous start, with the same cache. */
    TestAdsServer restart() {
        return startOn(port);
    }

    private TestAdsServer startOn(int requestedPort) {
        DiscoveryServerCallbacks recorder = new DiscoveryServerCallbacks() {
            @Override
            public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
                requests.add(request);
            }

            @Override
            public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
                deltaRequests.add(request);
            }
        };
        V3DiscoveryServer discovery = new V3DiscoveryServer(recorder, cache);
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", requestedPort))
                    .addService(discovery.getAggregatedDiscoveryServiceImpl())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getPort();
        return this;
    }

    int port() {
        return port;
    }

    void setSnapshot(Snapshot snapshot) {
        cache.setSnapshot("all", snapshot);
    }

    List<DiscoveryRequest> requests() {
        return requests;
    }

    List<DeltaDiscoveryRequest> deltaRequests() {
        return deltaRequests;
    }

    /** Stops abruptly, as a crashed control plane would. */
    void stop() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (server != null && !server.isTerminated()) {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
