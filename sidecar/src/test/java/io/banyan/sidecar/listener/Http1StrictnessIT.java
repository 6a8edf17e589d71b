package io.banyan.sidecar.listener;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.banyan.dataplane.config.Http1Limits;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.banyan.sidecar.listener.MeshConfigs.oneCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A raw-socket corpus of malformed and slow requests against a real outbound listener in front of a real upstream
 * that counts what reaches it: each malformed request gets its status and {@code x-banyan-error}, the connection
 * closes, the upstream sees nothing, and the protocol-error counter names the reason.
 */
class Http1StrictnessIT {

    private static final Http1Limits LIMITS = Http1Limits.DEFAULT.withTimeouts(
            Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(30));

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger upstreamRequests = new AtomicInteger();
    private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
    private final ExecutorService appThreads = Executors.newCachedThreadPool();
    private HttpServer upstream;
    private DataPlane dataPlane;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        upstream.createContext("/", exchange -> {
            upstreamRequests.incrementAndGet();
            lastHeaders.set(exchange.getRequestHeaders());
            exchange.getRequestBody().readAllBytes();
            byte[] body = "app".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.setExecutor(appThreads); // a stalled upload holds one app thread, not the app
        upstream.start();
        dataPlane = dataPlanes.start(registry, builder -> builder.http1Limits(LIMITS),
                oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.getAddress().getPort()));
        port = dataPlanes.outboundPort();
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
        appThreads.shutdownNow();
    }

    static Stream<Arguments> malformed() {
        String post = "POST / HTTP/1.1\r\nHost: orders\r\n";
        String get = "GET / HTTP/1.1\r\nHost: orders\r\n";
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding",
                        post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400, "bad_request", "content_length_and_transfer_encoding"),
                Arguments.of("Transfer-Encoding: gzip, chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                        400, "bad_request", "transfer_encoding_not_chunked"),
                Arguments.of("Transfer-Encoding: identity", post + "Transfer-Encoding: identity\r\n\r\n",
                        400, "bad_request", "transfer_encoding_not_chunked"),
                Arguments.of("Transfer-Encoding: chunked twice",
                        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400, "bad_request", "transfer_encoding_not_chunked"),
                Arguments.of("Transfer-Encoding in HTTP/1.0",
                        "POST / HTTP/1.0\r\nHost: orders\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400, "bad_request", "transfer_encoding_not_chunked"),
                Arguments.of("duplicate Content-Length", post + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                        400, "bad_request", "content_length_invalid"),
                Arguments.of("differing Content-Length", post + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                        400, "bad_request", "content_length_invalid"),
                Arguments.of("Content-Length list", post + "Content-Length: 3, 4\r\n\r\nabcd",
                        400, "bad_request", "content_length_invalid"),
                Arguments.of("bare LF line endings", "GET / HTTP/1.1\nHost: orders\n\n", 400, "bad_request", "bare_lf"),
                Arguments.of("bare LF after a header", get + "X-A: b\nX-B: c\r\n\r\n", 400, "bad_request", "bare_lf"),
                Arguments.of("obs-fold", get + "X-A: b\r\n c\r\n\r\n", 400, "bad_request", "obs_fold"),
                Arguments.of("obs-fold with a tab", get + "X-A: b\r\n\tc\r\n\r\n", 400, "bad_request", "obs_fold"),
                Arguments.of("space before the colon", "GET / HTTP/1.1\r\nHost : orders\r\n\r\n",
                        400, "bad_request", "header_name_invalid"),
                Arguments.of("control character in a value", get + "X-A: b\u0001c\r\n\r\n",
                        400, "bad_request", "header_value_invalid"),
                Arguments.of("NUL in a value", get + "X-A: b\u0000c\r\n\r\n", 400, "bad_request", "header_value_invalid"),
                Arguments.of("CR in a value", get + "X-A: b\rc\r\n\r\n", 400, "bad_request", "header_value_invalid"),
                Arguments.of("two Host headers", get + "Host: payments\r\n\r\n", 400, "bad_request", "duplicate_host"),
                Arguments.of("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", 400, "bad_request", "missing_host"),
                Arguments.of("lower-case http/1.1", "GET / http/1.1\r\nHost: orders\r\n\r\n",
                        400, "bad_request", "version_malformed"),
                Arguments.of("HTTP/2.0 in a request line", "GET / HTTP/2.0\r\nHost: orders\r\n\r\n",
                        505, "http_version_not_supported", "version_not_supported"),
                Arguments.of("HTTP/1.2", "GET / HTTP/1.2\r\nHost: orders\r\n\r\n",
                        505, "http_version_not_supported", "version_not_supported"),
                Arguments.of("HTTP/9.9", "GET / HTTP/9.9\r\nHost: orders\r\n\r\n",
                        505, "http_version_not_supported", "version_not_supported"),
                Arguments.of("chunk size not hex", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                        400, "bad_request", "chunk_invalid"),
                Arguments.of("negative chunk size", post + "Transfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n",
                        400, "bad_request", "chunk_invalid"),
                Arguments.of("chunk size overflow",
                        post + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
                        400, "bad_request", "chunk_invalid"),
                Arguments.of("chunk data longer than its size", post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
                        400, "bad_request", "chunk_invalid"),
                Arguments.of("request line over 8 KiB", "GET /" + "a".repeat(8 * 1024) + " HTTP/1.1\r\nHost: orders\r\n\r\n",
                        414, "request_line_too_long", "request_line_too_long"),
                Arguments.of("headers over 60 KiB", get + "X-A: " + "a".repeat(60 * 1024) + "\r\n\r\n",
                        431, "headers_too_large", "headers_too_large"),
                Arguments.of("more than 100 headers", get + "X-A: b\r\n".repeat(100) + "\r\n",
                        431, "headers_too_large", "too_many_headers"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRequestIsRefusedClosedCountedAndNeverReachesTheApp(String name, String raw, int status, String token,
                                                                     String reason) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));

            String response = readUntilClosed(socket);

            assertThat(response).startsWith("HTTP/1.1 " + status + " ")
                    .containsIgnoringCase("x-banyan-error: " + token + "\r\n")
                    .containsIgnoringCase("connection: close\r\n");
        }
        await().untilAsserted(() -> assertThat(protocolErrors(reason)).isEqualTo(1.0));
        assertThat(upstreamRequests).hasValue(0);
    }

    @Test
    void slowlorisIsCutOffByTheHeadersTimeoutWhileAnotherClientIsServed() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket slow = connect(); Socket normal = connect()) {
            OutputStream out = slow.getOutputStream();
            byte[] head = "GET / HTTP/1.1\r\nHost: orders\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            AtomicInteger sent = new AtomicInteger();
            trickle.scheduleWithFixedDelay(() -> {
                try {
                    int i = sent.getAndIncrement();
                    out.write(i < head.length ? head[i] : 'a'); // a byte at a time, never the end of the head
                    out.flush();
                } catch (IOException closed) {
                    throw new IllegalStateException(closed); // cut off: stops the trickle
                }
            }, 0, 20, TimeUnit.MILLISECONDS);

            normal.getOutputStream().write("GET / HTTP/1.1\r\nHost: orders\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(normal)).startsWith("HTTP/1.1 200 ").endsWith("app");

            assertThat(readUntilClosed(slow)).startsWith("HTTP/1.1 408 ")
                    .containsIgnoringCase("x-banyan-error: request_timeout\r\n");
        } finally {
            trickle.shutdownNow();
        }
        assertThat(registry.get(MetricNames.DOWNSTREAM_TIMEOUTS).tags("listener", "outbound", "timeout", "request_headers")
                .counter().count()).isEqualTo(1.0);
        assertThat(upstreamRequests).hasValue(1);
    }

    @Test
    void stalledRequestBodyIsCutOffByTheBodyIdleTimeoutWhileAnotherClientIsServed() throws Exception {
        try (Socket slow = connect(); Socket normal = connect()) {
            slow.getOutputStream().write("POST /upload HTTP/1.1\r\nHost: orders\r\nContent-Length: 10\r\n\r\nab"
                    .getBytes(StandardCharsets.US_ASCII)); // and the other 8 bytes never come

            normal.getOutputStream().write("GET / HTTP/1.1\r\nHost: orders\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(normal)).startsWith("HTTP/1.1 200 ").endsWith("app");

            assertThat(readUntilClosed(slow)).startsWith("HTTP/1.1 408 ")
                    .containsIgnoringCase("x-banyan-error: request_timeout\r\n");
        }
        assertThat(registry.get(MetricNames.DOWNSTREAM_TIMEOUTS).tags("listener", "outbound", "timeout", "request_body")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void appSeesForwardedHeadersAndARequestIdButNoForgedMeshHeader() throws IOException {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: orders\r\nConnection: close\r\n"
                    + "X-Forwarded-For: 10.9.8.7\r\ntraceparent: " + traceparent + "\r\n"
                    + "x-banyan-peer-identity: spiffe://mesh.local/svc/admin\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 200 ");
        }

        Headers seen = lastHeaders.get();
        assertThat(seen.getFirst("x-forwarded-for")).isEqualTo("10.9.8.7, 127.0.0.1");
        assertThat(seen.getFirst("x-forwarded-proto")).isEqualTo("http");
        assertThat(seen.getFirst("x-request-id")).matches("[0-9a-f-]{36}");
        assertThat(seen.getFirst("traceparent")).isEqualTo(traceparent);
        assertThat(seen.containsKey("x-banyan-peer-identity")).isFalse();
    }

    @Test
    void callersRequestIdIsKept() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: orders\r\nConnection: close\r\nx-request-id: r-42\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 200 ");
        }
        assertThat(lastHeaders.get().getFirst("x-request-id")).isEqualTo("r-42");
    }

    private double protocolErrors(String reason) {
        return registry.get(MetricNames.PROTOCOL_ERRORS).tags("listener", "outbound", "reason", reason).counter().count();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Everything the sidecar sends until it closes the connection (a read timeout fails the test). */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        try {
            while ((n = in.read(buffer)) != -1) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // closed with unread request bytes pending: a reset after the answer is still a close
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
