package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.TestCa;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.banyan.sidecar.testing.DataPlaneExtension.withMeshTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * WebSocket through the sidecar (HTTP/1.1 Upgrade, RFC 6455): the JDK's client, or a raw socket, to a Netty echo app,
 * through one outbound sidecar or through two sidecars over mutual TLS. After the 101 both hops are byte tunnels.
 */
class WebSocketIT {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="; // RFC 6455 section 1.3's example

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newHttpClient();
    private WebSocketEchoServer app;
    private DataPlane dataPlane;
    private int port;

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private void oneSidecar() throws Exception {
        app = new WebSocketEchoServer();
        resources.add(app);
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
        resources.add(dataPlane);
        port = MeshConfigs.serveOutbound(dataPlane,
                MeshConfigs.oneCluster("outbound", 0, Duration.ofSeconds(5), app.port()));
    }

    @Test
    void textAndBinaryMessagesAreEchoedByteExactInOrderAndTheCloseHandshakePasses() throws Exception {
        oneSidecar();
        Messages messages = new Messages();
        WebSocket socket = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), messages).get(10, TimeUnit.SECONDS);

        socket.sendText("héllo, wörld ✓", true).get(10, TimeUnit.SECONDS);
        assertThat(messages.next()).isEqualTo("héllo, wörld ✓");

        byte[] big = new byte[1024 * 1024];
        new Random(42).nextBytes(big);
        socket.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
        assertThat(sha256((byte[]) messages.next())).isEqualTo(sha256(big));

        for (int i = 0; i < 1000; i++) {
            socket.sendText("m-" + i, true).get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(messages.next()).isEqualTo("m-" + i);
        }
        assertThat(openTunnels(registry, "outbound")).isEqualTo(1);

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertThat(messages.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE + " bye");

        await().atMost(Duration.ofSeconds(10)).until(() -> openTunnels(registry, "outbound") == 0);
        assertThat(upgrades(registry, "outbound")).isEqualTo(1);
        assertThat(app.upgradeHeaders()).containsExactly("upgrade|websocket");
    }

    @Test
    void bytesSentRightAfterTheUpgradeRequestAreHeldAndRelayedAfterThe101() throws Exception {
        oneSidecar();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
            pipelined.write(upgradeRequest("/ws"));
            pipelined.write(maskedText("early"));
            out.write(pipelined.toByteArray()); // one write: request and frame in the same segment
            out.flush();

            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("upgrade: websocket", "connection: upgrade",
                    "sec-websocket-accept: " + ACCEPT.toLowerCase(Locale.ROOT));
            assertThat(in.readNBytes(2)).containsExactly(0x81, 5);
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("early");

            out.write(maskedText("later"));
            out.flush();
            assertThat(in.readNBytes(2)).containsExactly(0x81, 5);
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("later");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openTunnels(registry, "outbound") == 0);
    }

    @Test
    void anUpgradeTheUpstreamRefusesGetsItsAnswerAndNoTunnel() throws Exception {
        oneSidecar();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(upgradeRequest("/forbidden"));
            InputStream in = socket.getInputStream();

            String head = readHead(in);

            assertThat(head).startsWith("HTTP/1.1 403");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("connection: close").doesNotContain("upgrade:");
            assertThat(in.read()).isEqualTo(-1); // what the client sent next is not HTTP: the connection ends
        }
        assertThatThrownBy(() -> client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/forbidden"), new Messages()).join())
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(403));
        assertThat(upgrades(registry, "outbound")).isZero();
        assertThat(openTunnels(registry, "outbound")).isZero();
    }

    @Test
    void whenTheUpstreamClosesTheDownstreamIsClosedAndTheTunnelCounted() throws Exception {
        oneSidecar();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(upgradeRequest("/ws"));
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            assertThat(openTunnels(registry, "outbound")).isEqualTo(1);

            out.write(maskedText(WebSocketEchoServer.CLOSE_TCP));
            out.flush();

            assertThat(in.read()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openTunnels(registry, "outbound") == 0);
        assertThat(upgrades(registry, "outbound")).isEqualTo(1);
        // the tunnel's upstream connection left the pool's books when it closed
        await().atMost(Duration.ofSeconds(10)).until(() -> upstreamConnections(registry, MeshConfigs.CLUSTER) == 0);
    }

    private static double upstreamConnections(SimpleMeterRegistry registry, String service) {
        Gauge gauge = registry.find(MetricNames.UPSTREAM_CONNECTIONS).tag("service", service).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    @Test
    void webSocketPassesThroughTwoSidecarsOverMutualTls() throws Exception {
        app = new WebSocketEchoServer();
        resources.add(app);
        TestCa ca = new TestCa();
        SimpleMeterRegistry serverMeters = new SimpleMeterRegistry();
        MeshTls serverTls = DataPlaneExtension.meshTls(ca.identity("orders"), serverMeters);
        MeshConfig serverConfig = MeshConfigs.inboundToApp(app.port(), AuthorizationPolicy.ALLOW_ALL);
        DataPlane server = dataPlanes.start(serverMeters, withMeshTls(serverTls), serverConfig);
        int inboundPort = server.boundPort("inbound");

        MeshTls callerTls = DataPlaneExtension.meshTls(ca.identity("web"), registry);
        MeshConfig callerConfig = MeshConfigs.outboundToMesh("orders", inboundPort);
        DataPlane caller = dataPlanes.start(registry, withMeshTls(callerTls), callerConfig);
        port = caller.boundPort("outbound");

        Messages messages = new Messages();
        WebSocket socket = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), messages).get(10, TimeUnit.SECONDS);
        socket.sendText("over mutual tls", true).get(10, TimeUnit.SECONDS);
        assertThat(messages.next()).isEqualTo("over mutual tls");
        byte[] data = new byte[512 * 1024];
        new Random(7).nextBytes(data);
        socket.sendBinary(ByteBuffer.wrap(data), true).get(10, TimeUnit.SECONDS);
        assertThat(sha256((byte[]) messages.next())).isEqualTo(sha256(data));
        assertThat(openTunnels(registry, "outbound")).isEqualTo(1);
        assertThat(openTunnels(serverMeters, "inbound")).isEqualTo(1);

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        assertThat(messages.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE + " done");
        await().atMost(Duration.ofSeconds(10)).until(() -> openTunnels(registry, "outbound") == 0
                && openTunnels(serverMeters, "inbound") == 0);
        assertThat(upgrades(registry, "outbound")).isEqualTo(1);
        assertThat(upgrades(serverMeters, "inbound")).isEqualTo(1);
    }

    /**
     * On a raw socket, so that what is asserted is the connection's end itself, not when a WebSocket client library
     * notices it (the JDK's did not always within 10 s on a loaded machine).
     */
    @Test
    void aDrainClosesOpenTunnelsSoItCompletes() throws Exception {
        oneSidecar();
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readHead(raw.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101");
            await().atMost(Duration.ofSeconds(10)).until(() -> openTunnels(registry, "outbound") == 1);

            dataPlane.drain().get(10, TimeUnit.SECONDS);

            assertThat(endOfStream(raw.getInputStream())).as("the tunnel's connection was closed").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> openTunnels(registry, "outbound") == 0);
        }
    }

    /** Whether reading ends the stream: at its end, or reset; anything else read first is skipped. */
    private static boolean endOfStream(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // frames sent before the close
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void anUpgradeIsNeverRetriedOnceSentThoughAPlainRequestIs() throws Exception {
        app = new WebSocketEchoServer();
        resources.add(app);
        TestUpstream resetting = new TestUpstream("resetting");
        resources.add(resetting);
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
        resources.add(dataPlane);
        // both endpoints reset on /reset; the route's default policy retries resets on the other endpoint
        port = MeshConfigs.serveOutbound(dataPlane,
                MeshConfigs.oneCluster("outbound", 0, Duration.ofSeconds(5), resetting.port(), app.port()));

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(upgradeRequest("/reset"));
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 502");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("x-banyan-error: upstream_reset");
        }
        assertThat(resetting.requests() + app.upgradeHeaders().size()).isEqualTo(1);

        HttpResponse<Void> plain = client.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/reset")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(plain.statusCode()).isEqualTo(502);
        // the plain GET: three attempts (the default policy's 2 retries), the first two on different endpoints
        assertThat(resetting.requests() + app.upgradeHeaders().size()).isEqualTo(4);
        assertThat(upgrades(registry, "outbound")).isZero();
    }

    private static double openTunnels(SimpleMeterRegistry registry, String listener) {
        Gauge gauge = registry.find(MetricNames.TUNNELS_OPEN).tag("listener", listener).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static double upgrades(SimpleMeterRegistry registry, String listener) {
        Counter counter = registry.find(MetricNames.UPGRADES).tags("listener", listener, "type", "websocket").counter();
        return counter == null ? 0 : counter.count();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private byte[] upgradeRequest(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A client text frame (FIN, masked as RFC 6455 requires), payload under 126 bytes. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last = 0;
        while (last != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
            last = (last << 8) | b;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Collects whole messages (text as String, binary as byte[]) and the close the peer sent. */
    private static final class Messages implements WebSocket.Listener {

        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Object next() throws InterruptedException {
            Object message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
