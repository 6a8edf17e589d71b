package io.banyan.sidecar.listener;

import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.TestCa;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two data planes on loopback, as two sidecars of opaque TCP: the caller's outbound tcp_proxy listener relays to
 * cluster {@code orders}, whose mesh endpoint is the other's inbound tcp_proxy listener (mutual TLS), which relays
 * to a plain TCP app.
 */
class TcpMutualTlsIT {

    private static final String WEB = "web";
    private static final String ORDERS = "orders";

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private static TestCa ca;
    private TcpMesh mesh;
    private SimpleMeterRegistry callerMeters;
    private SimpleMeterRegistry serverMeters;
    private TcpTestServer app;
    private int outboundPort;

    @BeforeAll
    static void start() {
        ca = new TestCa();
    }

    @AfterEach
    void close() throws Exception {
        mesh.close();
    }

    /** The app, the orders sidecar (inbound, identity orders), and the web sidecar reaching {@code cluster}. */
    private void mesh(String cluster) throws Exception {
        mesh = new TcpMesh(dataPlanes.loops(), ca).startOrders();
        app = mesh.app();
        serverMeters = mesh.serverMeters();
        TcpMesh.Caller web = mesh.caller(WEB, cluster);
        callerMeters = web.meters();
        outboundPort = web.port();
    }

    private static double count(SimpleMeterRegistry registry, String name, String... tags) {
        return TcpMesh.count(registry, name, tags);
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
