package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.PoolSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.tls.UpstreamTls;
import io.banyan.sidecar.upstream.StreamProbe.End;
import io.banyan.sidecar.upstream.StreamProbe.Result;
import io.banyan.testkit.netty.EventLoopGroupExtension;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP/2 side of the pool against a real h2c server: multiplexing, limits, GOAWAY, idle, trailers, refusal. */
class Http2PoolIT {

    private static final String CLUSTER = "orders";
    @RegisterExtension
    static final EventLoopGroupExtension loops = new EventLoopGroupExtension();
    private final ConnectionCounts gauge = new ConnectionCounts();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private ConnectionPool pool;

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private Http2TestServer server(int maxConcurrentStreams) {
        Http2TestServer server = new Http2TestServer(maxConcurrentStreams);
        resources.add(server);
        return server;
    }

    private void pool(PoolSettings settings) {
        UpstreamConnector connector = new UpstreamConnector(ChannelTypes.of(NioSocketChannel.class, NioDatagramChannel.class),
                UpstreamTls.plaintext(), settings);
        resources.add(connector);
        pool = new ConnectionPool(connector);
    }

    private CompletableFuture<Result> send(Http2TestServer server, StreamProbe probe) {
        Endpoint endpoint = new Endpoint("127.0.0.1", server.port(), 1, "", false, null);
        loops.loop().execute(() -> pool.acquire(loops.loop(), CLUSTER, endpoint, UpstreamProtocol.HTTP2, 2_000, gauge, probe));
        return probe.result();
    }

    private List<CompletableFuture<Result>> sendMany(Http2TestServer server, String path, int count) {
        List<CompletableFuture<Result>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(send(server, new StreamProbe(path)));
        }
        return results;
    }

    private static List<Result> all(List<CompletableFuture<Result>> futures) {
        return futures.stream().map(f -> f.orTimeout(10, TimeUnit.SECONDS).join()).toList();
    }

    @Test
    void hundredConcurrentStreamsShareOneConnection() {
        Http2TestServer server = server(1000);
        pool(PoolSettings.DEFAULT);

        List<CompletableFuture<Result>> results = sendMany(server, "/hold", 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.held() == 100); // all in flight at once
        assertThat(gauge.active()).isEqualTo(1); // one connection carrying streams: in use, not idle
        assertThat(gauge.idle()).isZero();
        server.releaseHeld();

        assertThat(all(results)).allSatisfy(result -> {
            assertThat(result.end()).isEqualTo(End.ANSWERED);
            assertThat(result.body()).isEqualTo("held");
        });
        assertThat(server.accepted()).isEqualTo(1);
        assertThat(gauge.open()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge.active() == 0); // its last stream closed
        assertThat(gauge.idle()).isEqualTo(1);
    }

    @Test
    void peerStreamLimitOpensMoreConnectionsAndAnswersAll() {
        Http2TestServer server = server(10);
        pool(PoolSettings.DEFAULT);
        all(List.of(send(server, new StreamProbe("/")))); // the pool learns the peer's SETTINGS

        List<CompletableFuture<Result>> results = sendMany(server, "/hold", 35);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.held() == 35);
        server.releaseHeld();

        assertThat(all(results)).extracting(Result::end).containsOnly(End.ANSWERED);
        assertThat(server.accepted()).isEqualTo(4);
    }

    @Test
    void streamsBeyondTheCapFailAsPoolExhausted() {
        Http2TestServer server = server(2);
        pool(new PoolSettings(Duration.ofSeconds(60), 1));
        all(List.of(send(server, new StreamProbe("/"))));

        List<CompletableFuture<Result>> held = sendMany(server, "/hold", 2);
        Result third = send(server, new StreamProbe("/hold")).orTimeout(5, TimeUnit.SECONDS).join();
        server.releaseHeld();

        assertThat(third.end()).isEqualTo(End.ACQUIRE_FAILED);
        assertThat(third.failure()).isInstanceOf(PoolExhaustedException.class);
        assertThat(all(held)).extracting(Result::end).containsOnly(End.ANSWERED);
    }

    @Test
    void afterGoAwayNewStreamsGoToANewConnectionAndNoneIsLost() {
        Http2TestServer server = server(1000);
        pool(PoolSettings.DEFAULT);
        Result goAway = send(server, new StreamProbe("/goaway")).orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(goAway.body()).isEqualTo("going away");

        assertThat(all(sendMany(server, "/", 20))).extracting(Result::end).containsOnly(End.ANSWERED);
        assertThat(server.accepted()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.open() == 1); // the drained one closed
    }

    @Test
    void streamsAboveTheGoAwayLastStreamIdAreRefusedTheOthersFinish() {
        Http2TestServer server = server(1000);
        pool(PoolSettings.DEFAULT);
        List<CompletableFuture<Result>> held = sendMany(server, "/hold", 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.held() == 3);

        Result goAway = send(server, new StreamProbe("/goaway")).orTimeout(5, TimeUnit.SECONDS).join();
        server.releaseHeld();

        List<End> ends = all(held).stream().map(Result::end).toList();
        assertThat(ends).containsExactly(End.ANSWERED, End.REFUSED, End.REFUSED);
        assertThat(goAway.end()).isEqualTo(End.REFUSED);
        assertThat(send(server, new StreamProbe("/")).orTimeout(5, TimeUnit.SECONDS).join().end())
                .isEqualTo(End.ANSWERED);
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void idleConnectionIsClosed() {
        Http2TestServer server = server(1000);
        pool(new PoolSettings(Duration.ofMillis(200), 8));

        assertThat(send(server, new StreamProbe("/")).orTimeout(5, TimeUnit.SECONDS).join().end()).isEqualTo(End.ANSWERED);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.accepted() == 1 && server.open() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge.open() == 0);
    }

    @Test
    void responseTrailersReachTheListener() {
        Http2TestServer server = server(1000);
        pool(PoolSettings.DEFAULT);

        Result result = send(server, new StreamProbe("/trailers")).orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("hello");
        assertThat(result.trailers().get("grpc-status")).isEqualTo("0");
        assertThat(result.headers().names()).noneMatch(name -> name.startsWith("x-http2-"));
    }

    @Test
    void trailersOnlyResponseArrivesAsHeadAndLastContent() {
        Http2TestServer server = server(1000);
        pool(PoolSettings.DEFAULT);

        Result result = send(server, new StreamProbe("/trailers-only")).orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(result.kinds()).containsExactly("HEAD", "LAST");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.headers().get("grpc-status")).isEqualTo("14");
    }

    @Test
    void refusedStreamIsReportedAsRefused() {
        Http2TestServer server = server(1000);
        pool(PoolSettings.DEFAULT);

        Result refused = send(server, new StreamProbe("/refuse")).orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(refused.end()).isEqualTo(End.REFUSED);
        assertThat(send(server, new StreamProbe("/")).orTimeout(5, TimeUnit.SECONDS).join().end())
                .isEqualTo(End.ANSWERED); // the connection stays usable
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void anExchangeFailingOnItsResponseLosesItsStreamNotTheConnection() {
        Http2TestServer server = server(1000);
        pool(PoolSettings.DEFAULT);

        Result failed = send(server, StreamProbe.failingOnHead("/")).orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(failed.end()).isEqualTo(End.CLOSED);
        assertThat(send(server, new StreamProbe("/")).orTimeout(5, TimeUnit.SECONDS).join().end())
                .isEqualTo(End.ANSWERED);
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void largeRequestBodyIsStreamedWithBackpressure() throws Exception {
        Http2TestServer server = server(1000);
        pool(PoolSettings.DEFAULT);
        byte[] body = new byte[1024 * 1024];
        new Random(7).nextBytes(body);

        Result result = send(server, new StreamProbe("/sha256", body)).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(result.end()).isEqualTo(End.ANSWERED);
        assertThat(result.body()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }
}
