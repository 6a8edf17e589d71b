package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an open opaque TCP session through the mesh ends besides its peers closing it, over real mutual TLS: a drain of
 * the orders sidecar closes it (it went quiet) and {@code drain()} completes; a short idle timeout on the inbound
 * listener closes a silent one both ways.
 */
class TcpSessionLifetimeIT {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private static TestCa ca;
    private TcpMesh mesh;

    @BeforeAll
    static void start() {
        ca = new TestCa();
    }

    @AfterEach
    void close() throws Exception {
        mesh.close();
    }

    /** An open session through the web sidecar to the orders app, one round trip done. */
    private static Socket openSession(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(HELLO);
        assertThat(socket.getInputStream().readNBytes(HELLO.length)).isEqualTo(HELLO);
        return socket;
    }

    /** Blocks until the mesh ends the connection: EOF, or a reset; fails on the socket timeout. */
    private static void awaitEnd(InputStream in) throws IOException {
        try {
            TcpClient.readAll(in);
        } catch (SocketException reset) {
            // ended by a reset: ended all the same
        }
    }

    @Test
    void aDrainClosesAnOpenSessionAndCompletes() throws Exception {
        mesh = new TcpMesh(dataPlanes.loops(), ca).startOrders();
        int web = mesh.caller("web", "orders").port();
        try (Socket session = openSession(web)) {

            CompletableFuture<Void> drained = mesh.server().drain();

            drained.get(10, TimeUnit.SECONDS);
            awaitEnd(session.getInputStream());
        }
        assertThat(TcpMesh.count(mesh.serverMeters(), MetricNames.TCP_CONNECTIONS_DRAINED, "listener", TcpMesh.INBOUND))
                .isEqualTo(1);
        assertThat(mesh.server().boundListeners()).isEmpty();
    }

    @Test
    void theIdleTimeoutClosesASilentSessionBothWays() throws Exception {
        mesh = new TcpMesh(dataPlanes.loops(), ca).startOrders(AuthorizationPolicy.ALLOW_ALL, Duration.ofMillis(300));
        TcpMesh.Caller web = mesh.caller("web", "orders");
        try (Socket session = openSession(web.port())) {

            awaitEnd(session.getInputStream());
        }
        assertThat(TcpMesh.count(mesh.serverMeters(), MetricNames.DOWNSTREAM_TIMEOUTS, "listener", TcpMesh.INBOUND,
                "timeout", "idle")).isEqualTo(1);
        assertThat(TcpMesh.count(web.meters(), MetricNames.DOWNSTREAM_TIMEOUTS, "listener", TcpMesh.OUTBOUND,
                "timeout", "idle")).as("the caller's own idle timeout is the default hour").isZero();
    }
}
