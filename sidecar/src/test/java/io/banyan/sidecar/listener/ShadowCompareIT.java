package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.JsonPathPattern;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.dataplane.config.ShadowCompare.BodyMode;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.sidecar.listener.JsonApp.Answer;
import io.banyan.sidecar.metrics.ComparisonOutcome;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.mirror.ShadowDelta;
import io.banyan.sidecar.mirror.ShadowDifference;
import io.banyan.sidecar.mirror.ShadowLedger;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.testkit.net.ClosedPorts;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Shadow comparison on real sockets: "orders" (the live app) is mirrored to "orders-v2" (the new service) with its
 * answers compared as JSON ignoring {@code $.timestamp}. A shadow answering another value on /orders/7 is counted
 * different with the JSON pointer and the caller's request id; one differing only in the ignored field is equal; a
 * shadow that holds its copies past the route timeout, or refuses connections, leaves the callers' statuses and bodies
 * exactly those of a run without shadowing, and its copies are counted failed.
 */
class ShadowCompareIT {

    private static final String LIVE = "orders";
    private static final String SHADOW = "orders-v2";
    private static final ShadowCompare COMPARE = new ShadowCompare(true, List.of("content-type"), BodyMode.JSON,
            List.of(JsonPathPattern.parse("$.timestamp")), 65_536);
    private static final int CALLS = 6;

    @RegisterExtension
    final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> apps = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable app : apps) {
            app.close();
        }
    }

    @Test
    void aShadowAnsweringAnotherJsonValueIsReportedWithTheRequestIdAndThePointer() throws Exception {
        JsonApp live = app(uri -> new Answer(200, "{\"id\":7,\"total\":10,\"timestamp\":\"10:00\"}"));
        JsonApp shadow = app(uri -> new Answer(200, "{\"timestamp\":\"10:01\",\"id\":7,\"total\":12}"));
        ShadowLedger ledger = serve(live, endpoint(shadow.port()), Duration.ofSeconds(15)).shadows();

        HttpResponse<String> response = client.send(get("/orders/7?expand=all", "req-orders-7"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":7,\"total\":10,\"timestamp\":\"10:00\"}");
        await().untilAsserted(() -> assertThat(comparisons(ComparisonOutcome.DIFFERENT)).isOne());
        ShadowDelta delta = ledger.drain(SHADOW);
        assertThat(delta.different()).isOne();
        assertThat(delta.samples()).singleElement().satisfies(sample -> {
            assertThat(sample.requestId()).isEqualTo("req-orders-7");
            assertThat(sample.method()).isEqualTo("GET");
            assertThat(sample.path()).isEqualTo("/orders/7");
            assertThat(sample.liveStatus()).isEqualTo(200);
            assertThat(sample.shadowStatus()).isEqualTo(200);
            assertThat(sample.kind()).isEqualTo("body");
            assertThat(sample.where()).isEqualTo("/total");
        });
    }

    @Test
    void anHttp2CallersAnswerIsComparedToo() throws Exception {
        JsonApp live = app(uri -> new Answer(200, "{\"items\":[{\"price\":1},{\"price\":2}]}"));
        JsonApp shadow = app(uri -> new Answer(200, "{\"items\":[{\"price\":1},{\"price\":3}]}"));
        ShadowLedger ledger = serve(live, endpoint(shadow.port()), Duration.ofSeconds(15)).shadows();

        List<String> out = Commands.run("curl", "-sS", "--http2-prior-knowledge", "-o", "-", "-w", "\n%{http_version}",
                "-H", "x-request-id: h2-7", "http://127.0.0.1:" + dataPlanes.outboundPort() + "/orders/7");

        assertThat(out).containsExactly("{\"items\":[{\"price\":1},{\"price\":2}]}", "2");
        await().untilAsserted(() -> assertThat(comparisons(ComparisonOutcome.DIFFERENT)).isOne());
        assertThat(ledger.drain(SHADOW).samples()).extracting(ShadowDifference::requestId, ShadowDifference::where)
                .containsExactly(tuple("h2-7", "/items/1/price"));
    }

    @Test
    void aShadowDifferingOnlyInAnIgnoredFieldIsEqual() throws Exception {
        JsonApp live = app(uri -> new Answer(200, "{\"id\":7,\"total\":10,\"timestamp\":\"10:00\"}"));
        JsonApp shadow = app(uri -> new Answer(200, "{\"id\":7,\"total\":10.0,\"timestamp\":\"10:01\"}"));
        ShadowLedger ledger = serve(live, endpoint(shadow.port()), Duration.ofSeconds(15)).shadows();

        for (int i = 0; i < 3; i++) {
            assertThat(client.send(get("/orders/7", "req-" + i), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }

        await().untilAsserted(() -> assertThat(comparisons(ComparisonOutcome.EQUAL)).isEqualTo(3));
        assertThat(ledger.drain(SHADOW)).isEqualTo(new ShadowDelta(3, 0, 0, 0, List.of()));
    }

    @Test
    void aShadowThatHoldsItsCopiesLeavesTheCallersAnswersAsWithoutShadowingAndIsCountedFailed() throws Exception {
        JsonApp live = app(ShadowCompareIT::liveAnswer);
        List<String> alone = callAll(serveAlone(live));
        JsonApp slow = app(uri -> null);

        DataPlane shadowed = serve(live, endpoint(slow.port()), Duration.ofSeconds(1));
        List<String> withShadow = callAll(dataPlanes.outboundPort());

        assertThat(withShadow).isEqualTo(alone);
        await().untilAsserted(() -> assertThat(comparisons(ComparisonOutcome.FAILED)).isEqualTo(CALLS));
        assertThat(shadowed.shadows().drain(SHADOW).failed()).isEqualTo(CALLS);
        assertThat(slow.requests()).isEqualTo(CALLS);
    }

    @Test
    void aShadowThatRefusesConnectionsLeavesTheCallersAnswersAsWithoutShadowingAndIsCountedFailed() throws Exception {
        JsonApp live = app(ShadowCompareIT::liveAnswer);
        List<String> alone = callAll(serveAlone(live));

        DataPlane shadowed = serve(live, endpoint(ClosedPorts.pick()), Duration.ofSeconds(15));
        List<String> withShadow = callAll(dataPlanes.outboundPort());

        assertThat(withShadow).isEqualTo(alone);
        await().untilAsserted(() -> assertThat(comparisons(ComparisonOutcome.FAILED)).isEqualTo(CALLS));
        assertThat(shadowed.shadows().drain(SHADOW)).isEqualTo(new ShadowDelta(0, 0, CALLS, 0, List.of()));
    }

    /** The live app: a JSON order for even ids, 404 with a JSON error for odd ones. */
    private static Answer liveAnswer(String uri) {
        int id = Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1));
        return id % 2 == 0 ? new Answer(200, "{\"id\":" + id + ",\"total\":" + id * 10 + "}")
                : new Answer(404, "{\"error\":\"no order " + id + "\"}");
    }

    /** Every caller's status and body, in order. */
    private List<String> callAll(int port) throws Exception {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/orders/" + i)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            answers.add(response.statusCode() + " " + response.body());
        }
        return answers;
    }

    private JsonApp app(java.util.function.Function<String, Answer> script) {
        JsonApp app = new JsonApp(script);
        apps.add(app);
        return app;
    }

    /** A data plane routing everything to the live app, mirrored to {@code shadow} and compared. */
    private DataPlane serve(JsonApp live, Endpoint shadow, Duration routeTimeout) throws Exception {
        RouteAction action = new RouteAction(List.of(new WeightedCluster(LIVE, 1)), routeTimeout)
                .withMirrors(List.of(MirrorPolicy.always(SHADOW).withCompare(COMPARE)));
        return dataPlanes.start(config(live, action, shadow));
    }

    /** A data plane routing everything to the live app, nothing mirrored; its outbound port. */
    private int serveAlone(JsonApp live) throws Exception {
        dataPlanes.start(config(live, new RouteAction(List.of(new WeightedCluster(LIVE, 1)), Duration.ofSeconds(15)),
                null));
        return dataPlanes.outboundPort();
    }

    private static MeshConfig config(JsonApp live, RouteAction action, Endpoint shadow) {
        Map<String, ClusterConfig> clusters = new HashMap<>();
        Map<String, ClusterEndpoints> endpoints = new HashMap<>();
        clusters.put(LIVE, cluster(LIVE));
        endpoints.put(LIVE, new ClusterEndpoints(LIVE, List.of(endpoint(live.port()))));
        if (shadow != null) {
            clusters.put(SHADOW, cluster(SHADOW));
            endpoints.put(SHADOW, new ClusterEndpoints(SHADOW, List.of(shadow)));
        }
        return new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "rc")),
                Map.of("rc", new RouteConfig("rc", List.of(new VirtualHost("all", List.of("*"),
                        List.of(new Route(RouteMatch.prefix("/"), action)))))),
                clusters, endpoints, Map.of());
    }

    private static ClusterConfig cluster(String name) {
        return new ClusterConfig(name, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
                UpstreamProtocol.HTTP1, null);
    }

    private static Endpoint endpoint(int port) {
        return MeshConfigs.endpoint(port);
    }

    private HttpRequest get(String path, String requestId) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dataPlanes.outboundPort() + path))
                .header("x-request-id", requestId).GET().build();
    }

    private double comparisons(ComparisonOutcome outcome) {
        Counter counter = dataPlanes.registry().find(MetricNames.SHADOW_COMPARISONS)
                .tags("service", SHADOW, "outcome", outcome.tag()).counter();
        return counter == null ? 0 : counter.count();
    }
}
