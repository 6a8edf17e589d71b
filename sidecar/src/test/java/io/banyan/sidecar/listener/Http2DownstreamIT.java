package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.Http2Limits;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.banyan.sidecar.listener.MeshConfigs.oneCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/2 with prior knowledge from real clients (curl, h2load) and a raw frame client against a real outbound
 * listener in front of an HTTP/1.1 app: requests and streamed bodies arrive intact, many streams share one
 * connection, the app sees proxy headers but no Netty extension header and no caller-set mesh header, and a drain
 * sends GOAWAY while the stream in flight finishes.
 */
class Http2DownstreamIT {

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private H2Upstream upstream;
    private DataPlane dataPlane;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream = new H2Upstream();
        Http2Limits limits = Http2Limits.DEFAULT.withTimeouts(Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofSeconds(10));
        dataPlane = dataPlanes.start(registry, builder -> builder.http2Limits(limits),
                oneCluster("outbound", 0, Duration.ofSeconds(10), upstream.port()));
        port = dataPlanes.outboundPort();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void curlGetWithPriorKnowledge() throws Exception {
        List<String> out = Commands.run("curl", "-sS", "--http2-prior-knowledge", "-o", "-", "-w", "\n%{http_version} %{http_code}",
                "-H", "Host: orders", "http://127.0.0.1:" + port + "/hello");

        assertThat(out).containsExactly("app", "2 200");
        assertThat(upstream.requests()).isEqualTo(1);
    }

    @Test
    void curlPostsOneMebibyteStreamedAndTheAppHashesTheSameBytes(@TempDir Path dir) throws Exception {
        byte[] body = new byte[1024 * 1024];
        new Random(7).nextBytes(body);
        Path file = Files.write(dir.resolve("body"), body);

        List<String> out = Commands.run("curl", "-sS", "--http2-prior-knowledge", "-o", "-", "-w", "\n%{http_version} %{http_code}",
                "-H", "Host: orders", "-H", "Content-Type: application/octet-stream",
                "--data-binary", "@" + file, "http://127.0.0.1:" + port + "/upload");

        assertThat(out).containsExactly(H2Upstream.sha256(new ByteArrayInputStream(body)), "2 200");
    }

    @Test
    void fiftyConcurrentStreamsOnOneConnectionAreAllAnswered() throws Exception {
        List<String> out = Commands.run("h2load", "-n", "50", "-c", "1", "-m", "50",
                "http://127.0.0.1:" + port + "/many");

        assertThat(String.join("\n", out)).contains("50 succeeded, 0 failed, 0 errored").contains("status codes: 50 2xx");
        assertThat(upstream.requests()).isEqualTo(50);
    }

    @Test
    void theAppSeesProxyHeadersButNoExtensionOrCallerSetMeshHeader() throws Exception {
        List<String> out = Commands.run("curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Host: orders", "-H", "x-banyan-peer-identity: spiffe://mesh.local/svc/admin",
                "-H", "x-banyan-error: forged", "-H", "x-http2-scheme: https",
                "http://127.0.0.1:" + port + "/headers");

        assertThat(out).containsExactly("200");
        var seen = upstream.lastHeaders();
        assertThat(seen.getFirst("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(seen.getFirst("x-forwarded-proto")).isEqualTo("http");
        assertThat(seen.getFirst("x-request-id")).isNotBlank();
        assertThat(seen.getFirst("host")).isEqualTo("orders");
        assertThat(seen.keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-http2-"));
        assertThat(seen.containsKey("x-banyan-peer-identity")).isFalse();
        assertThat(seen.containsKey("x-banyan-error")).isFalse();
    }

    @Test
    void drainSendsGoAwayAndTheStreamInFlightFinishes() throws Exception {
        try (RawH2Client client = new RawH2Client(port)) {
            Http2Headers post = new DefaultHttp2Headers(false).method("POST").scheme("http").authority("orders")
                    .path("/upload");
            client.handshake().headers(1, post, false).data(1, "first half ".getBytes(StandardCharsets.US_ASCII), false)
                    .flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.requests() == 1);

            CompletableFuture<Void> drained = dataPlane.drain();
            RawH2Client.Frame goAway = client.readUntil(RawH2Client.GOAWAY, 0);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isZero();
            assertThat(goAway.lastStreamId()).isEqualTo(1);
            assertThat(drained).isNotDone();

            client.data(1, "second half".getBytes(StandardCharsets.US_ASCII), true).flush();
            RawH2Client.Frame head = client.readUntil(RawH2Client.HEADERS, 1);
            assertThat(head).isNotNull();
            assertThat(client.decode(head).status().toString()).isEqualTo("200");
            RawH2Client.Frame data = client.readUntil(RawH2Client.DATA, 1);
            assertThat(new String(data.payload(), StandardCharsets.US_ASCII)).isEqualTo(H2Upstream.sha256(
                    new ByteArrayInputStream("first half second half".getBytes(StandardCharsets.US_ASCII))));
            drained.get(5, TimeUnit.SECONDS);
        }
    }
}
