package io.banyan.sidecar.listener;

import io.banyan.sidecar.DrainSequence;
import io.banyan.sidecar.admin.Readiness;
import io.banyan.sidecar.admin.ReadinessStatus;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.ManualScheduler;
import io.banyan.testkit.time.FakeClock;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.banyan.sidecar.listener.MeshConfigs.oneCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop against a real listener, in order, the delay's end run by hand (no sleep): /ready already fails
 * when the instance deregisters; during the drain delay the listener still accepts new connections and serves them
 * keep-alive; after it, new connections are refused, the HTTP/1.1 response in flight carries {@code Connection: close}
 * and the connection closes after it, the HTTP/2 connection gets GOAWAY (NO_ERROR, the last stream it accepted) and its
 * stream in flight finishes.
 */
class DrainSequenceIT {

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final ManualScheduler scheduler = new ManualScheduler(new FakeClock());
    private final AtomicReference<ReadinessStatus> readyAtDeregistration = new AtomicReference<>();
    private H2Upstream upstream;
    private DataPlane dataPlane;
    private DrainSequence drain;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream = new H2Upstream();
        dataPlane = dataPlanes.start(oneCluster("outbound", 0, Duration.ofSeconds(10), upstream.port()));
        port = dataPlanes.outboundPort();
        AtomicReference<DrainSequence> self = new AtomicReference<>();
        Readiness readiness = Readiness.of(() -> !self.get().started(), "draining");
        drain = new DrainSequence("sidecar orders", Duration.ofSeconds(5), scheduler,
                () -> readyAtDeregistration.set(readiness.check()), dataPlane::drain);
        self.set(drain);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void notReadyThenDeregisteredThenServingThroughTheDelayThenConnectionCloseAndGoAway() throws Exception {
        try (RawHttpConnection h1 = new RawHttpConnection(port); RawH2Client h2 = new RawH2Client(port)) {
            h1.socket().setSoTimeout(5000);
            byte[] half = "first half ".getBytes(StandardCharsets.US_ASCII);
            byte[] rest = "second half".getBytes(StandardCharsets.US_ASCII);
            h1.send("POST /upload HTTP/1.1\r\nHost: orders\r\nContent-Length: " + (half.length + rest.length)
                    + "\r\n\r\n");
            h1.send(half);
            Http2Headers post = new DefaultHttp2Headers(false).method("POST").scheme("http").authority("orders")
                    .path("/upload");
            h2.handshake().headers(1, post, false).data(1, half, false).flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests() == 2); // both in flight

            CompletableFuture<Void> drained = drain.start();

            assertThat(readyAtDeregistration.get().ready()).isFalse();
            assertThat(readyAtDeregistration.get().reason()).isEqualTo("draining");
            assertThat(scheduler.scheduled()).extracting(ManualScheduler.Scheduled::delay)
                    .containsExactly(Duration.ofSeconds(5));
            try (RawHttpConnection during = new RawHttpConnection(port)) { // the delay: accepted and served as before
                during.socket().setSoTimeout(5000);
                during.send("GET /hello HTTP/1.1\r\nHost: orders\r\n\r\n");
                RawHttpConnection.Response response = during.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.headers()).doesNotContainKey("connection");
            }
            assertThat(dataPlane.boundListeners()).containsKey("outbound");
            assertThat(drained).isNotDone();

            scheduler.runNext(); // the delay is over: the data plane drains

            await().atMost(Duration.ofSeconds(10)).until(() -> RawHttpConnection.refused(port));
            RawH2Client.Frame goAway = h2.readUntil(RawH2Client.GOAWAY, 0);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isZero();
            assertThat(goAway.lastStreamId()).isEqualTo(1);
            h2.data(1, rest, true).flush();
            RawH2Client.Frame head = h2.readUntil(RawH2Client.HEADERS, 1);
            assertThat(h2.decode(head).status().toString()).isEqualTo("200");
            assertThat(new String(h2.readUntil(RawH2Client.DATA, 1).payload(), StandardCharsets.US_ASCII))
                    .isEqualTo(H2Upstream.sha256(new ByteArrayInputStream("first half second half"
                            .getBytes(StandardCharsets.US_ASCII))));

            h1.send(rest);
            RawHttpConnection.Response last = h1.read();
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.headers().get("connection")).containsExactly("close");
            assertThat(h1.closedByPeer()).isTrue();
            drained.get(10, TimeUnit.SECONDS);
        }
    }
}
