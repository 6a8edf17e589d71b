package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.sidecar.listener.ShadowUpstream.Behaviour;
import io.banyan.sidecar.listener.ShadowUpstream.Seen;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.MirrorOutcome;
import io.banyan.sidecar.mirror.Mirrors;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.upstream.Http2TestServer;
import io.banyan.testkit.upstream.AppUpstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.banyan.sidecar.testing.DataPlaneExtension.withMeshTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shadow traffic on real sockets: a route to "orders" (an app answering its name) mirrors to "orders-v2" (a
 * {@link ShadowUpstream}). The copy has the request's method, target and body and a {@code -shadow} Host; the caller's
 * answer is the primary's whether the shadow answers, holds or resets; sampling at 0 sends nothing; beyond the
 * in-flight bound and beyond the body limit the copy is dropped and counted, the primary unaffected; h2c callers and
 * HTTP/2 mirror clusters too; a mesh mirror cluster is reached over mutual TLS.
 */
class MirrorIT {

    private static final String PRIMARY = "orders";
    private static final String SHADOW = "orders-v2";

    @RegisterExtension
    final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private AppUpstream primary;
    private ShadowUpstream shadow;
    private int port;

    @BeforeEach
    void upstreams() {
        primary = AppUpstream.start(PRIMARY);
        shadow = new ShadowUpstream();
    }

    @AfterEach
    void stop() {
        primary.close();
        shadow.close();
    }

    @Test
    void everyRequestIsCopiedWithItsMethodTargetAndBodyAndAShadowHost() throws Exception {
        serve(MirrorPolicy.always(SHADOW));

        HttpResponse<String> response = client.send(post("/orders/7?x=1", "one order"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(PRIMARY);
        Seen copy = shadow.seen().poll(5, TimeUnit.SECONDS);
        assertThat(copy).isEqualTo(new Seen("POST", "/orders/7?x=1", "127.0.0.1-shadow:" + port, "one order"));
        await().untilAsserted(() -> assertThat(count(MirrorOutcome.SUCCESS)).isEqualTo(1));
        assertThat(count(MirrorOutcome.SENT)).isEqualTo(1);
        assertThat(responses("2xx")).isEqualTo(1);
        assertThat(primary.requests()).isEqualTo(1);
    }

    @Test
    void theCallerIsAnsweredByThePrimaryWhileTheShadowStillHoldsItsCopy() throws Exception {
        shadow.behave(Behaviour.HOLD);
        serve(MirrorPolicy.always(SHADOW));

        HttpResponse<String> response = client.send(post("/orders", "held"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(PRIMARY);
        assertThat(shadow.seen().poll(5, TimeUnit.SECONDS)).isNotNull(); // the shadow has it, and never answers
        assertThat(inFlight()).isEqualTo(1);
        assertThat(count(MirrorOutcome.SUCCESS) + count(MirrorOutcome.FAILED)).isZero();
    }

    @Test
    void aShadowThatResetsIsCountedAndInvisibleToTheCaller() throws Exception {
        shadow.behave(Behaviour.RESET);
        serve(MirrorPolicy.always(SHADOW));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.send(post("/orders", "reset " + i),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(PRIMARY);
        }

        await().untilAsserted(() -> assertThat(count(MirrorOutcome.FAILED)).isEqualTo(3));
        assertThat(inFlight()).isZero();
        assertThat(primary.requests()).isEqualTo(3);
    }

    @Test
    void aPolicyOfZeroMirrorsNothing() throws Exception {
        serve(new MirrorPolicy(SHADOW, 0, true));

        for (int i = 0; i < 5; i++) {
            assertThat(client.send(post("/orders", "not copied"), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }

        // sampling happens before the primary is even connected: a sampled copy would be counted by now
        assertThat(dataPlanes.registry().find(MetricNames.MIRROR_REQUESTS).counters()).isEmpty();
        assertThat(shadow.seen()).isEmpty();
        assertThat(primary.requests()).isEqualTo(5);
    }

    @Test
    void beyondTheInFlightBoundCopiesAreDroppedAndCountedAndEveryCallerIsAnswered() throws Exception {
        shadow.behave(Behaviour.HOLD);
        serve(MirrorPolicy.always(SHADOW));
        int requests = Mirrors.MAX_IN_FLIGHT_PER_CLUSTER + 3;

        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = client.send(get("/orders/" + i), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(count(MirrorOutcome.DROPPED_OVERFLOW)).isEqualTo(3); // counted before each primary connected
        assertThat(inFlight()).isEqualTo(Mirrors.MAX_IN_FLIGHT_PER_CLUSTER);
        await().untilAsserted(() -> assertThat(shadow.seen()).hasSize(Mirrors.MAX_IN_FLIGHT_PER_CLUSTER));
        assertThat(primary.requests()).isEqualTo(requests);
    }

    @Test
    void aBodyLargerThanTheLimitIsNotCopiedAndThePrimaryGetsAllOfIt() throws Exception {
        serve(MirrorPolicy.always(SHADOW));
        byte[] large = new byte[Mirrors.MAX_BODY_BYTES + 1];
        new Random(11).nextBytes(large);
        String sha256 = AppUpstream.sha256(new ByteArrayInputStream(large));

        HttpResponse<String> sized = client.send(HttpRequest.newBuilder(uri("/sha256"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(large)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(uri("/sha256"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(sized.body()).isEqualTo(sha256); // known too large from Content-Length
        assertThat(chunked.body()).isEqualTo(sha256); // found too large as it streamed
        assertThat(count(MirrorOutcome.DROPPED_BODY_TOO_LARGE)).isEqualTo(2);
        assertThat(count(MirrorOutcome.SENT)).isZero();
        assertThat(inFlight()).isZero();
        assertThat(shadow.seen()).isEmpty();
    }

    @Test
    void aBodyAtTheLimitIsCopiedWhole() throws Exception {
        serve(MirrorPolicy.always(SHADOW));
        String body = "x".repeat(Mirrors.MAX_BODY_BYTES);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/orders"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo(PRIMARY);
        Seen copy = shadow.seen().poll(5, TimeUnit.SECONDS);
        assertThat(copy).isNotNull();
        assertThat(copy.body()).isEqualTo(body);
    }

    @Test
    void anHttp2CallerIsMirroredTooAndTheSuffixCanBeTurnedOff(@TempDir Path dir) throws Exception {
        serve(MirrorPolicy.always(SHADOW), new MirrorPolicy("orders-v3", MirrorPolicy.MILLION, false));
        Path file = Files.writeString(dir.resolve("body"), "over h2c");

        List<String> out = Commands.run("curl", "-sS", "--http2-prior-knowledge", "-o", "-",
                "-w", "\n%{http_version} %{http_code}", "-H", "Host: orders:9001", "--data-binary", "@" + file,
                "http://127.0.0.1:" + port + "/orders/h2");

        assertThat(out).containsExactly(PRIMARY, "2 200");
        Seen first = shadow.seen().poll(5, TimeUnit.SECONDS);
        Seen second = shadow.seen().poll(5, TimeUnit.SECONDS);
        assertThat(List.of(first, second)).extracting(Seen::host)
                .containsExactlyInAnyOrder("orders-shadow:9001", "orders:9001");
        assertThat(List.of(first, second)).allSatisfy(copy -> {
            assertThat(copy.method()).isEqualTo("POST");
            assertThat(copy.uri()).isEqualTo("/orders/h2");
            assertThat(copy.body()).isEqualTo("over h2c");
        });
    }

    @Test
    void aMirrorClusterOfHttp2GetsItsCopiesAsStreamsOfOneConnection() throws Exception {
        try (Http2TestServer h2c = new Http2TestServer(100)) {
            serve(UpstreamProtocol.HTTP2, MeshConfigs.endpoint(h2c.port()), builder -> { },
                    MirrorPolicy.always(SHADOW));

            for (int i = 0; i < 3; i++) {
                assertThat(client.send(post("/sha256", "copy " + i), HttpResponse.BodyHandlers.ofString()).body())
                        .isEqualTo(AppUpstream.sha256(new ByteArrayInputStream(("copy " + i)
                                .getBytes(StandardCharsets.US_ASCII))));
            }

            await().untilAsserted(() -> assertThat(count(MirrorOutcome.SUCCESS)).isEqualTo(3));
            assertThat(h2c.streams()).isEqualTo(3);
            assertThat(h2c.accepted()).isEqualTo(1);
        }
    }

    @Test
    void aMeshMirrorClusterGetsItsCopiesOverMutualTlsThroughItsSidecar() throws Exception {
        TestCa ca = new TestCa();
        SimpleMeterRegistry shadowSidecarMeters = new SimpleMeterRegistry();
        DataPlane shadowSidecar = dataPlanes.start(shadowSidecarMeters,
                withMeshTls(DataPlaneExtension.meshTls(ca.identity(SHADOW), shadowSidecarMeters)),
                MeshConfigs.inboundToApp(shadow.port(), AuthorizationPolicy.ALLOW_ALL));
        Endpoint meshEndpoint = new Endpoint("127.0.0.1", shadowSidecar.boundPort("inbound"), 1, "", true, null);
        serve(UpstreamProtocol.HTTP1, meshEndpoint,
                withMeshTls(DataPlaneExtension.meshTls(ca.identity("web"), dataPlanes.registry())),
                MirrorPolicy.always(SHADOW));

        HttpResponse<String> response = client.send(post("/orders", "over mTLS"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo(PRIMARY);
        Seen copy = shadow.seen().poll(5, TimeUnit.SECONDS); // the inbound listener speaks mutual TLS only
        assertThat(copy).isEqualTo(new Seen("POST", "/orders", "127.0.0.1-shadow:" + port, "over mTLS"));
        await().untilAsserted(() -> assertThat(count(MirrorOutcome.SUCCESS)).isEqualTo(1));
    }

    /** Listener "outbound": every request to "orders" (the app), mirrored by {@code mirrors} (to the shadow). */
    private void serve(MirrorPolicy... mirrors) throws Exception {
        serve(UpstreamProtocol.HTTP1, MeshConfigs.endpoint(shadow.port()), builder -> { }, mirrors);
    }

    /**
     * As {@link #serve(MirrorPolicy...)}, the mirror clusters speaking {@code protocol} to {@code shadowEndpoint}, the
     * data plane built as {@code configure} says.
     */
    private void serve(UpstreamProtocol protocol, Endpoint shadowEndpoint, Consumer<DataPlane.Builder> configure,
                       MirrorPolicy... mirrors) throws Exception {
        RouteAction action = new RouteAction(List.of(new WeightedCluster(PRIMARY, 1)), Duration.ofSeconds(30))
                .withMirrors(List.of(mirrors));
        Map<String, ClusterConfig> clusters = new java.util.HashMap<>();
        Map<String, ClusterEndpoints> endpoints = new java.util.HashMap<>();
        clusters.put(PRIMARY, cluster(PRIMARY, UpstreamProtocol.HTTP1));
        endpoints.put(PRIMARY, new ClusterEndpoints(PRIMARY, List.of(MeshConfigs.endpoint(primary.port()))));
        for (MirrorPolicy mirror : mirrors) {
            clusters.put(mirror.cluster(), cluster(mirror.cluster(), protocol));
            endpoints.put(mirror.cluster(), new ClusterEndpoints(mirror.cluster(), List.of(shadowEndpoint)));
        }
        MeshConfig config = new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "rc")),
                Map.of("rc", new RouteConfig("rc", List.of(new VirtualHost("all", List.of("*"),
                        List.of(new Route(RouteMatch.prefix("/"), action)))))),
                clusters, endpoints, Map.of());
        dataPlanes.start(configure, config);
        port = dataPlanes.outboundPort();
    }

    private static ClusterConfig cluster(String name, UpstreamProtocol protocol) {
        return new ClusterConfig(name, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
                protocol, null);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private double count(MirrorOutcome outcome) {
        Counter counter = dataPlanes.registry().find(MetricNames.MIRROR_REQUESTS)
                .tags("service", SHADOW, "outcome", outcome.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private double responses(String statusClass) {
        Counter counter = dataPlanes.registry().find(MetricNames.MIRROR_RESPONSES)
                .tags("service", SHADOW, "status_class", statusClass).counter();
        return counter == null ? 0 : counter.count();
    }

    private double inFlight() {
        Gauge gauge = dataPlanes.registry().find(MetricNames.MIRROR_IN_FLIGHT).tag("service", SHADOW).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
