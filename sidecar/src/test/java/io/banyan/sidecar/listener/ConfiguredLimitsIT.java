package io.banyan.sidecar.listener;

import com.sun.net.httpserver.HttpServer;
import io.banyan.dataplane.config.Http1Limits;
import io.banyan.dataplane.config.Http2Limits;
import io.banyan.dataplane.config.ProtocolLimits;
import io.banyan.dataplane.config.TunnelSettings;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.banyan.sidecar.listener.MeshConfigs.oneCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Limits an operator sets ({@code --http1-max-request-line 1KiB}, {@code --http2-max-concurrent-streams 7}, ...)
 * reach a real listener through the constructor the sidecar uses, {@code DataPlane(..., ProtocolLimits, zone)}:
 * a request line the default 8 KiB would pass is refused with 414, and the HTTP/2 SETTINGS carry the set values.
 */
class ConfiguredLimitsIT {

    private static final ProtocolLimits LIMITS = new ProtocolLimits(
            new Http1Limits(1024, 60 * 1024, 100, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1)),
            new Http2Limits(7, 2 * 1024 * 1024, 8 * 1024 * 1024, 32 * 1024, 16 * 1024, 50, 200, Duration.ofSeconds(30),
                    1000, 1, 16, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(30)),
            new TunnelSettings(Duration.ofSeconds(90)));

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension(1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger upstreamRequests = new AtomicInteger();
    private HttpServer upstream;
    private DataPlane dataPlane;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        upstream.createContext("/", exchange -> {
            upstreamRequests.incrementAndGet();
            byte[] body = "app".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        dataPlane = dataPlanes.start(registry, builder -> builder.limits(LIMITS),
                oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.getAddress().getPort()));
        port = dataPlanes.outboundPort();
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
    }

    @Test
    void requestLineOverTheConfiguredLimitIsRefusedWith414() throws IOException {
        String shortLine = "GET /" + "a".repeat(900) + " HTTP/1.1\r\nHost: orders\r\nConnection: close\r\n\r\n";
        String longLine = "GET /" + "a".repeat(2 * 1024) + " HTTP/1.1\r\nHost: orders\r\nConnection: close\r\n\r\n";

        assertThat(exchange(shortLine)).startsWith("HTTP/1.1 200 ").endsWith("app");
        assertThat(exchange(longLine)).startsWith("HTTP/1.1 414 ")
                .containsIgnoringCase("x-banyan-error: request_line_too_long\r\n");

        await().untilAsserted(() -> assertThat(registry.get(MetricNames.PROTOCOL_ERRORS)
                .tags("listener", "outbound", "reason", "request_line_too_long").counter().count()).isEqualTo(1.0));
        assertThat(upstreamRequests).as("only the short request reached the app").hasValue(1);
    }

    @Test
    void http2SettingsAnnounceTheConfiguredLimits() throws IOException {
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake();
            RawH2Client.Frame settings;
            do {
                settings = client.readUntil(RawH2Client.SETTINGS, 0);
                assertThat(settings).as("the server's SETTINGS").isNotNull();
            } while ((settings.flags() & 0x1) != 0); // skip the ACK of ours

            Map<Integer, Long> values = settingValues(settings.payload());
            assertThat(values).containsEntry(0x3, 7L) // SETTINGS_MAX_CONCURRENT_STREAMS
                    .containsEntry(0x4, 2L * 1024 * 1024) // SETTINGS_INITIAL_WINDOW_SIZE
                    .containsEntry(0x5, 32L * 1024) // SETTINGS_MAX_FRAME_SIZE
                    .containsEntry(0x6, 16L * 1024); // SETTINGS_MAX_HEADER_LIST_SIZE
        }
    }

    private static Map<Integer, Long> settingValues(byte[] payload) {
        Map<Integer, Long> values = new HashMap<>();
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        while (buffer.remaining() >= 6) {
            values.put(buffer.getShort() & 0xFFFF, buffer.getInt() & 0xFFFFFFFFL);
        }
        return values;
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (SocketException reset) {
                // closed with unread request bytes pending: a reset after the answer is still a close
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
