package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.PoolSettings;
import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.resilience.ClusterThresholds.Resource;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.ResilienceMetrics;
import io.banyan.sidecar.tls.UpstreamTls;
import io.banyan.testkit.netty.EventLoopGroupExtension;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pools against real sockets count a cluster's connections and waiting requests in its thresholds. */
class ClusterThresholdsPoolIT {

    @RegisterExtension
    static final EventLoopGroupExtension loops = new EventLoopGroupExtension();
    private final ConnectionCounts gauge = new ConnectionCounts();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ConnectionPool pool;

    ClusterThresholdsPoolIT() {
        UpstreamConnector connector = new UpstreamConnector(ChannelTypes.of(NioSocketChannel.class, NioDatagramChannel.class),
                UpstreamTls.plaintext(), PoolSettings.DEFAULT);
        resources.add(connector);
        pool = new ConnectionPool(connector);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private static ClusterConfig cluster(UpstreamProtocol protocol, Duration idleTimeout) {
        return new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
                protocol, null, ClusterConfig.DEFAULT_LB, ThresholdSettings.DEFAULT, RetryBudgetSettings.DEFAULT, null,
                CircuitBreakerSettings.DEFAULT, null, idleTimeout);
    }

    private static ClusterThresholds thresholds(int maxConnections, int maxPending) {
        return new ClusterThresholds(new ThresholdSettings(maxConnections, maxPending, 1024, 3),
                ResilienceMetrics.unregistered("orders"));
    }

    /** A TCP server that never accepts: connects complete in the kernel's backlog, no byte ever comes back. */
    private int silentServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(server);
        return server.getLocalPort();
    }

    private Http2TestServer h2Server() {
        Http2TestServer server = new Http2TestServer(100);
        resources.add(server);
        return server;
    }

    private static Endpoint endpoint(int port) {
        return new Endpoint("127.0.0.1", port, 1, "", false, null);
    }

    private Acquire acquire(ClusterConfig cluster, ClusterThresholds thresholds, Endpoint endpoint) {
        Acquire acquire = new Acquire();
        loops.loop().execute(() -> pool.acquire(loops.loop(), cluster, thresholds, endpoint, gauge, acquire));
        return acquire;
    }

    @Test
    void anHttp1RequestHoldsAPendingUnitWhileItConnectsAndOneBeyondTheThresholdOverflows() throws Exception {
        ClusterConfig cluster = cluster(UpstreamProtocol.HTTP1, Duration.ofHours(1));
        ClusterThresholds thresholds = thresholds(10, 1);
        Endpoint endpoint = endpoint(silentServer());
        Acquire first = new Acquire();
        Acquire second = new Acquire();
        CompletableFuture<Integer> pendingMeanwhile = new CompletableFuture<>();

        loops.loop().execute(() -> { // both before the first connect completes
            pool.acquire(loops.loop(), cluster, thresholds, endpoint, gauge, first);
            pendingMeanwhile.complete(thresholds.active(Resource.PENDING_REQUESTS));
            pool.acquire(loops.loop(), cluster, thresholds, endpoint, gauge, second);
        });

        assertThat(pendingMeanwhile.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.failure()).isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("pending_requests");
        assertThat(first.connection()).isNotNull();
        assertThat(thresholds.active(Resource.PENDING_REQUESTS)).isZero();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isEqualTo(1);
    }

    @Test
    void anHttp1ConnectionCountsUntilItClosesAndNoneOpensBeyondMaxConnections() throws Exception {
        ClusterConfig cluster = cluster(UpstreamProtocol.HTTP1, Duration.ofHours(1));
        ClusterThresholds thresholds = thresholds(1, 10);
        Endpoint endpoint = endpoint(silentServer());
        UpstreamConnection held = acquire(cluster, thresholds, endpoint).connection();

        Throwable overflow = acquire(cluster, thresholds, endpoint).failure();

        assertThat(overflow).isInstanceOf(PoolExhaustedException.class).hasMessageContaining("connections");
        assertThat(thresholds.active(Resource.CONNECTIONS)).isEqualTo(1);
        loops.loop().execute(held::close);
        await().atMost(Duration.ofSeconds(5)).until(() -> thresholds.active(Resource.CONNECTIONS) == 0);
        assertThat(acquire(cluster, thresholds, endpoint).connection()).isNotNull();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isEqualTo(1);
    }

    @Test
    void anHttp1ConnectionCountsAsInUseWhileLentAndIdleInThePool() throws Exception {
        ClusterConfig cluster = cluster(UpstreamProtocol.HTTP1, Duration.ofHours(1));
        ClusterThresholds thresholds = thresholds(10, 10);
        Endpoint endpoint = endpoint(silentServer());
        UpstreamConnection lent = acquire(cluster, thresholds, endpoint).connection();
        assertThat(List.of(gauge.open(), gauge.active(), gauge.idle())).containsExactly(1, 1, 0);

        CompletableFuture<List<Integer>> released = new CompletableFuture<>();
        loops.loop().execute(() -> {
            lent.release();
            released.complete(List.of(gauge.open(), gauge.active(), gauge.idle()));
        });
        assertThat(released.get(5, TimeUnit.SECONDS)).containsExactly(1, 0, 1);

        UpstreamConnection reused = acquire(cluster, thresholds, endpoint).connection();
        assertThat(reused).isSameAs(lent);
        assertThat(List.of(gauge.open(), gauge.active(), gauge.idle())).containsExactly(1, 1, 0);
        loops.loop().execute(reused::close);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge.open() == 0);
        assertThat(gauge.active()).isZero();
    }

    @Test
    void http2RequestsWaitingForTheConnectionAreBoundedByMaxPendingRequests() throws Exception {
        ClusterConfig cluster = cluster(UpstreamProtocol.HTTP2, Duration.ofHours(1));
        ClusterThresholds thresholds = thresholds(10, 1);
        Endpoint endpoint = endpoint(h2Server().port());
        Acquire first = new Acquire();
        Acquire second = new Acquire();

        loops.loop().execute(() -> { // both before the connection is ready
            pool.acquire(loops.loop(), cluster, thresholds, endpoint, gauge, first);
            pool.acquire(loops.loop(), cluster, thresholds, endpoint, gauge, second);
        });

        assertThat(second.failure()).isInstanceOf(PoolExhaustedException.class).hasMessageContaining("pending");
        UpstreamConnection stream = first.connection();
        assertThat(stream).isNotNull();
        assertThat(thresholds.active(Resource.PENDING_REQUESTS)).isZero();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isEqualTo(1);
        Acquire onReadyConnection = acquire(cluster, thresholds, endpoint); // multiplexed: no new connection, not pending
        assertThat(onReadyConnection.connection()).isNotNull();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isEqualTo(1);
        loops.loop().execute(() -> {
            stream.close();
            onReadyConnection.connection.getNow(null).close();
        });
    }

    @Test
    void anIdleHttp2ConnectionClosesAfterTheClusterIdleTimeoutAndGivesBackItsUnit() throws Exception {
        ClusterConfig cluster = cluster(UpstreamProtocol.HTTP2, Duration.ofMillis(200));
        ClusterThresholds thresholds = thresholds(10, 10);
        Http2TestServer server = h2Server();
        UpstreamConnection stream = acquire(cluster, thresholds, endpoint(server.port())).connection();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isEqualTo(1);

        loops.loop().execute(stream::close);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.open() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> thresholds.active(Resource.CONNECTIONS) == 0);
        assertThat(server.accepted()).isEqualTo(1);
        assertThat(gauge.open()).isZero();
    }

    /** An acquire's outcome. */
    private static final class Acquire implements AcquireCallback {

        private final CompletableFuture<UpstreamConnection> connection = new CompletableFuture<>();

        @Override
        public void onAcquired(UpstreamConnection acquired) {
            connection.complete(acquired);
        }

        @Override
        public void onAcquireFailed(Throwable cause) {
            connection.completeExceptionally(cause);
        }

        UpstreamConnection connection() throws Exception {
            return connection.get(5, TimeUnit.SECONDS);
        }

        Throwable failure() {
            return connection.handle((ok, failed) -> failed).orTimeout(5, TimeUnit.SECONDS).join();
        }
    }
}
