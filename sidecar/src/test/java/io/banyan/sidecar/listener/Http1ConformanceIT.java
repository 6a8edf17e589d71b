package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.Http1Limits;
import io.banyan.sidecar.listener.RawHttpConnection.Response;
import io.banyan.sidecar.listener.ScriptedUpstream.Seen;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.banyan.sidecar.listener.MeshConfigs.oneCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/1.1 as a proxy must speak it, on real sockets: raw client bytes into a real outbound listener, a scripted
 * Netty upstream that records what reached it. Keep-alive on both sides, trailers both ways, 100-continue, bodiless
 * HEAD/204/304 answers, hop-by-hop headers, backpressure both ways, a fold in a pipelined request, and a slowloris
 * that does not hold up anyone else.
 */
class Http1ConformanceIT {

    private static final Http1Limits LIMITS = Http1Limits.DEFAULT.withTimeouts(
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
    private static final long STREAM_BYTES = 128L * 1024 * 1024;
    /** Far more than loopback socket buffers and Netty's water marks hold, far less than the whole stream. */
    private static final long BUFFERED_AT_MOST = 48L * 1024 * 1024;

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ScriptedUpstream upstream;
    private DataPlane dataPlane;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream = new ScriptedUpstream();
        dataPlane = dataPlanes.start(registry, builder -> builder.http1Limits(LIMITS),
                oneCluster("outbound", 0, Duration.ofSeconds(30), upstream.port()));
        port = dataPlanes.outboundPort();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnectionOnEachSide() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            for (int i = 0; i < 3; i++) {
                client.send("GET /echo/" + i + " HTTP/1.1\r\nHost: orders\r\n\r\n");
                Response response = client.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isNull(); // HTTP/1.1: kept alive unless said otherwise
                assertThat(response.bodyText()).isEqualTo("ok");
            }
        }
        assertThat(upstream.seen()).extracting(Seen::uri).containsExactly("/echo/0", "/echo/1", "/echo/2");
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @Test
    void http10ClientAskingForKeepAliveGetsItSaid() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            for (int i = 0; i < 2; i++) {
                client.send("GET /echo HTTP/1.0\r\nHost: orders\r\nConnection: keep-alive\r\n\r\n");
                Response response = client.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isEqualToIgnoringCase("keep-alive");
            }
        }
        assertThat(upstream.seen()).hasSize(2);
    }

    @Test
    void chunkedRequestBodyAndItsTrailersReachTheUpstream() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("POST /echo HTTP/1.1\r\nHost: orders\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nx-checksum: abc\r\n\r\n");
            Response response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("x-body-bytes")).isEqualTo("11");
        }
        Seen request = upstream.seen().get(0);
        assertThat(request.bodyText()).isEqualTo("hello world");
        assertThat(request.trailers().get("x-checksum")).isEqualTo("abc");
    }

    @Test
    void chunkedResponseBodyAndItsTrailersReachTheClient() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET /trailers HTTP/1.1\r\nHost: orders\r\nTE: trailers\r\n\r\n");
            Response response = client.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("transfer-encoding")).isEqualToIgnoringCase("chunked");
            assertThat(response.bodyText()).isEqualTo("hello");
            assertThat(response.trailer("x-checksum")).isEqualTo("abc");

            client.send("GET /echo HTTP/1.1\r\nHost: orders\r\n\r\n"); // the chunked framing ended where it should
            assertThat(client.read().bodyText()).isEqualTo("ok");
        }
    }

    @Test
    void contentLengthBodyPassesAndItsFramingHoldsForTheNextRequest() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("POST /echo HTTP/1.1\r\nHost: orders\r\nContent-Length: 7\r\n\r\npayload"
                    + "GET /echo/next HTTP/1.1\r\nHost: orders\r\n\r\n"); // pipelined right behind the body
            assertThat(client.read().header("x-body-bytes")).isEqualTo("7");
            assertThat(client.read().header("x-body-bytes")).isEqualTo("0");
        }
        assertThat(upstream.seen()).extracting(Seen::bodyText).containsExactly("payload", "");
        assertThat(upstream.seen()).extracting(Seen::uri).containsExactly("/echo", "/echo/next");
    }

    @Test
    void expect100ContinueGetsTheInterimAnswerBeforeTheBodyIsSent() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("POST /continue HTTP/1.1\r\nHost: orders\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");

            Response interim = client.read(); // the body is not sent until this arrives
            assertThat(interim.status()).isEqualTo(100);

            client.send("hello");
            Response response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("x-body-bytes")).isEqualTo("5");
        }
        assertThat(upstream.seen().get(0).headers().get("expect")).isEqualToIgnoringCase("100-continue");
        assertThat(upstream.seen().get(0).bodyText()).isEqualTo("hello");
    }

    @Test
    void headAnswerHasItsContentLengthButNoBody() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("HEAD /head HTTP/1.1\r\nHost: orders\r\n\r\n");
            Response head = client.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("1000");
            assertThat(head.header("transfer-encoding")).isNull();

            client.send("GET /echo HTTP/1.1\r\nHost: orders\r\n\r\n"); // no stray body byte before this answer
            Response next = client.read();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.bodyText()).isEqualTo("ok");
        }
        assertThat(upstream.seen()).extracting(Seen::method).containsExactly("HEAD", "GET");
    }

    @Test
    void noContentAndNotModifiedAnswersHaveNoBody() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET /204 HTTP/1.1\r\nHost: orders\r\n\r\n");
            Response noContent = client.read();
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.header("transfer-encoding")).isNull();

            client.send("GET /304 HTTP/1.1\r\nHost: orders\r\nIf-None-Match: \"v1\"\r\n\r\n");
            Response notModified = client.read();
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.header("etag")).isEqualTo("\"v1\"");
            assertThat(notModified.header("transfer-encoding")).isNull();

            client.send("GET /echo HTTP/1.1\r\nHost: orders\r\n\r\n");
            assertThat(client.read().bodyText()).isEqualTo("ok");
        }
    }

    @Test
    void hopByHopHeadersAndThoseConnectionNamesAreRemovedBothWays() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET /hop HTTP/1.1\r\nHost: orders\r\nConnection: keep-alive, x-hop\r\nx-hop: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: gzip\r\nUpgrade: foo\r\n"
                    + "x-end-to-end: kept\r\n\r\n");
            Response response = client.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).doesNotContainKeys("connection", "x-resp-hop", "keep-alive",
                    "proxy-connection", "upgrade");
            assertThat(response.header("x-end-to-end")).isEqualTo("kept");
        }
        var seen = upstream.seen().get(0).headers();
        assertThat(seen.names()).map(String::toLowerCase)
                .doesNotContain("x-hop", "keep-alive", "proxy-connection", "te", "upgrade");
        assertThat(seen.get("connection")).isNull();
        assertThat(seen.get("x-end-to-end")).isEqualTo("kept");
    }

    @Test
    void foldInAPipelinedSecondRequestIsRefusedAfterTheFirstIsAnswered() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET /echo/first HTTP/1.1\r\nHost: orders\r\n\r\n"
                    + "GET /echo/second HTTP/1.1\r\nHost: orders\r\nX-A: b\r\n c\r\n\r\n"); // one write, one read

            Response first = client.read();
            assertThat(first.status()).isEqualTo(200);
            Response refused = client.read();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("x-banyan-error")).isEqualTo("bad_request");
            assertThat(refused.header("connection")).isEqualToIgnoringCase("close");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(upstream.seen()).extracting(Seen::uri).containsExactly("/echo/first");
        assertThat(registry.get(MetricNames.PROTOCOL_ERRORS).tags("listener", "outbound", "reason", "obs_fold")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void slowlorisDoesNotHoldUpAConcurrentClientAndIsThenCutWith408() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        var headTimeouts = registry.get(MetricNames.DOWNSTREAM_TIMEOUTS)
                .tags("listener", "outbound", "timeout", "request_headers").counter();
        try (RawHttpConnection slow = new RawHttpConnection(port); RawHttpConnection normal = new RawHttpConnection(port)) {
            OutputStream out = slow.socket().getOutputStream();
            byte[] head = "GET /slow HTTP/1.1\r\nHost: orders\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
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
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() > 3); // the slow head is under way

            for (int i = 0; i < 5; i++) {
                normal.send("GET /echo/" + i + " HTTP/1.1\r\nHost: orders\r\n\r\n");
                assertThat(normal.read().bodyText()).isEqualTo("ok");
                assertThat(slow.nothingReceivedYet()).isTrue(); // served while the slow one is still being read
                assertThat(headTimeouts.count()).isZero();
            }

            Response cut = slow.read();
            assertThat(cut.status()).isEqualTo(408);
            assertThat(cut.header("x-banyan-error")).isEqualTo("request_timeout");
            assertThat(slow.closedByPeer()).isTrue();
        } finally {
            trickle.shutdownNow();
        }
        assertThat(headTimeouts.count()).isEqualTo(1.0);
        assertThat(upstream.seen()).extracting(Seen::uri).doesNotContain("/slow").hasSize(5);
    }

    @Test
    void aClientThatDoesNotReadStopsTheUpstreamFromWriting() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("GET /stream/" + STREAM_BYTES + " HTTP/1.1\r\nHost: orders\r\n\r\n"); // and reads nothing

            await().atMost(Duration.ofSeconds(10)).until(upstream::streamStalled);
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> last.getAndSet(upstream.streamed()) == upstream.streamed()); // no more progress

            assertThat(upstream.streamed()).isLessThan(BUFFERED_AT_MOST);
        }
    }

    @Test
    void anUpstreamThatDoesNotReadStopsTheClientFromWriting() throws Exception {
        AtomicLong written = new AtomicLong();
        try (RawHttpConnection client = new RawHttpConnection(port)) {
            client.send("POST /hold HTTP/1.1\r\nHost: orders\r\nContent-Length: " + STREAM_BYTES + "\r\n\r\n");
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (written.get() < STREAM_BYTES) {
                        client.send(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException closed) {
                    // the test closed the socket: the upload ends here
                }
            });

            await().atMost(Duration.ofSeconds(10)).until(upstream::holding);
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> last.getAndSet(written.get()) == written.get()); // the client's writes block

            assertThat(written.get()).isLessThan(BUFFERED_AT_MOST);
            assertThat(upload).isNotDone();
            client.close();
            upload.get(10, TimeUnit.SECONDS);
        }
    }
}
