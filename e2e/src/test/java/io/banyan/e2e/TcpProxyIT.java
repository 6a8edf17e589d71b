package io.banyan.e2e;

import io.banyan.dataplane.config.AppProtocol;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Opaque TCP through the mesh: a tcp app registered by its sidecar ({@code --app-protocol tcp}) is reached through a
 * client sidecar's upstream port; bytes cross both sidecars (mutual TLS between them) unchanged, with half-close.
 */
class TcpProxyIT {

    private static final byte[] TRAILER = "\nEOF seen by app".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        threads.shutdownNow();
    }

    /** A plain TCP app: echoes, and after the client's EOF still answers {@link #TRAILER}, then closes. */
    private int echoApp() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(server);
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    threads.execute(() -> echo(connection));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void echo(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            in.transferTo(out);
            out.write(TRAILER);
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The app's sidecar, started as {@code banyan sidecar --app-protocol tcp} would. */
    private Sidecar tcpAppSidecar(String service, int appPort) throws Exception {
        Path dataDir = Files.createTempDirectory("banyan-sidecar-");
        resources.add(() -> {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        });
        SidecarSettings settings = SidecarSettings.builder(service, controlPlane.grpcAddress(), dataDir)
                .appPort(appPort).appProtocol(AppProtocol.TCP).token(controlPlane.admin().joinToken(service))
                .adminPort(0).inboundPort(0).outboundPort(0).drainDelay(Duration.ZERO).build();
        Sidecar sidecar = Sidecar.start(settings);
        resources.add(sidecar::close);
        sidecar.ready().get(30, TimeUnit.SECONDS);
        return sidecar;
    }

    private static byte[] exchange(int port, byte[] payload) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(payload);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(received);
            sent.join();
            return received.toByteArray();
        }
    }

    private static boolean isTcpListener(Sidecar sidecar, int port) {
        return sidecar.currentConfig().listeners().values().stream()
                .anyMatch(listener -> listener.port() == port && listener.kind() == ListenerConfig.Kind.TCP);
    }

    @Test
    void aTcpServiceIsReachedThroughTheMeshByteForByteWithHalfClose() throws Exception {
        tcpAppSidecar("ledger", echoApp());
        Sidecar web = sidecars.client("web", "ledger");
        int port = web.upstreamPort("ledger");
        await().atMost(Duration.ofSeconds(20)).until(() -> MeshClient.endpointCount(web, "ledger") == 1
                && isTcpListener(web, port));
        byte[] payload = new byte[1024 * 1024];
        new Random(11).nextBytes(payload);
        byte[] expected = Arrays.copyOf(payload, payload.length + TRAILER.length);
        System.arraycopy(TRAILER, 0, expected, payload.length, TRAILER.length);

        // the listener may still be rebinding from HTTP to TCP: retry until the relay answers
        byte[][] received = new byte[1][];
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            received[0] = exchange(port, payload);
            return received[0].length > 0;
        });

        assertThat(received[0].length).isEqualTo(expected.length);
        assertThat(MessageDigest.getInstance("SHA-256").digest(received[0]))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(expected));
    }
}
