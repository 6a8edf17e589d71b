package io.banyan.sidecar.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.sidecar.config.ClusterConfig;
import io.banyan.sidecar.config.ClusterEndpoints;
import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.config.LbPolicy;
import io.banyan.sidecar.config.ListenerConfig;
import io.banyan.sidecar.config.MeshConfig;
import io.banyan.sidecar.config.TrafficDirection;
import io.banyan.sidecar.config.UpstreamProtocol;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.tls.TlsMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.banyan.sidecar.upstream.PoolSettings;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two data planes on loopback, as two sidecars of opaque TCP: the caller's outbound tcp_proxy listener relays to
 * cluster {@code orders}, whose mesh endpoint is the other's inbound tcp_proxy listener (mutual TLS), which relays
 * to a plain TCP app.
 */
class TcpMutualTlsIT {

    private static final String WEB = "web";
    private static final String ORDERS = "orders";
    private static final String APP_CLUSTER = "inbound|7000";

    private static EventLoops loops;
    private static TestCa ca;
    private final SimpleMeterRegistry callerMeters = new SimpleMeterRegistry();
    private final SimpleMeterRegistry serverMeters = new SimpleMeterRegistry();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private TcpTestServer app;
    private int outboundPort;

    @BeforeAll
    static void start() {
        loops = EventLoops.create(2);
        ca = new TestCa();
    }

    @AfterAll
    static void stop() {
        loops.close();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** The app, the orders sidecar (inbound, identity orders), and the web sidecar reaching {@code cluster}. */
    private void mesh(String cluster) throws Exception {
        app = new TcpTestServer("orders-app");
        resources.add(app);
        MeshTls serverTls = new MeshTls(new SslContexts(SslContexts.defaultProvider()), new TlsMetrics(serverMeters));
        serverTls.onIdentity(ca.identity(ORDERS));
        DataPlane server = new DataPlane(loops, serverMeters, serverTls, serverTls, PoolSettings.DEFAULT);
        resources.add(server);
        int inboundPort = FreePorts.pick();
        ClusterConfig localApp = new ClusterConfig(APP_CLUSTER, ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1,
                new ClusterEndpoints(APP_CLUSTER, List.of(MeshConfigs.endpoint(app.port()))));
        server.onConfig(new MeshConfig(
                Map.of("inbound|15006", ListenerConfig.tcp("inbound|15006", "127.0.0.1", inboundPort,
                        TrafficDirection.INBOUND, APP_CLUSTER)),
                Map.of(), Map.of(APP_CLUSTER, localApp), Map.of(), Map.of()));
        server.ready().get(5, TimeUnit.SECONDS);

        MeshTls callerTls = new MeshTls(new SslContexts(SslContexts.defaultProvider()), new TlsMetrics(callerMeters));
        callerTls.onIdentity(ca.identity(WEB));
        DataPlane caller = new DataPlane(loops, callerMeters, callerTls, callerTls, PoolSettings.DEFAULT);
        resources.add(caller);
        outboundPort = FreePorts.pick();
        ClusterConfig target = new ClusterConfig(cluster, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        Endpoint meshEndpoint = new Endpoint("127.0.0.1", inboundPort, 1, "", true, null);
        caller.onConfig(new MeshConfig(
                Map.of("outbound|9001", ListenerConfig.tcp("outbound|9001", "127.0.0.1", outboundPort,
                        TrafficDirection.OUTBOUND, cluster)),
                Map.of(), Map.of(cluster, target), Map.of(cluster, new ClusterEndpoints(cluster, List.of(meshEndpoint))),
                Map.of()));
        caller.ready().get(5, TimeUnit.SECONDS);
    }

    private static double count(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void bytesRoundTripOverMutualTlsWithHalfClose() throws Exception {
        mesh(ORDERS);
        byte[] payload = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(payload);

        byte[] received = TcpClient.exchange(outboundPort, payload);

        byte[] expected = Arrays.copyOf(payload, payload.length + app.trailer().length);
        System.arraycopy(app.trailer(), 0, expected, payload.length, app.trailer().length);
        assertThat(received.length).isEqualTo(expected.length);
        assertThat(MessageDigest.getInstance("SHA-256").digest(received))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(expected));
        assertThat(count(serverMeters, MetricNames.TCP_CONNECTIONS, "listener", "inbound|15006")).isEqualTo(1);
        assertThat(count(callerMeters, MetricNames.TLS_HANDSHAKE_FAILURES)
                + count(serverMeters, MetricNames.TLS_HANDSHAKE_FAILURES)).isZero();
    }

    @Test
    void theAppAnswersAfterTheCallersHalfCloseCrossedTheMesh() throws Exception {
        mesh(ORDERS);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), outboundPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(5)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));

            socket.shutdownOutput();

            assertThat(new String(TcpClient.readAll(in), StandardCharsets.US_ASCII))
                    .isEqualTo("\nEOF seen by orders-app");
        }
    }

    @Test
    void aServerWithTheIdentityOfAnotherServiceIsRefusedAndTheAppNeverConnected() throws Exception {
        // the caller means to reach "payments", but the endpoint is an "orders" sidecar
        mesh("payments");

        byte[] received = TcpClient.exchangeUntilClosed(outboundPort, "secret".getBytes(StandardCharsets.US_ASCII));

        assertThat(received).isEmpty();
        assertThat(count(callerMeters, MetricNames.TLS_HANDSHAKE_FAILURES, "direction", "outbound",
                "reason", "peer_mismatch")).isGreaterThanOrEqualTo(1);
        assertThat(count(callerMeters, MetricNames.TCP_CONNECTIONS_FAILED, "listener", "outbound|9001")).isEqualTo(1);
        assertThat(app.accepted()).isZero();
    }
}
