package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.JsonPathPattern;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.dataplane.config.ShadowCompare.BodyMode;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.TunnelSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.loadstats.LoadSink;
import io.banyan.sidecar.metrics.ComparisonOutcome;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.mirror.Mirrors;
import io.banyan.sidecar.mirror.ShadowDelta;
import io.banyan.sidecar.mirror.ShadowDifference;
import io.banyan.sidecar.mirror.ShadowLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.banyan.sidecar.proxy.HttpMessages.chunk;
import static io.banyan.sidecar.proxy.HttpMessages.head;
import static io.banyan.sidecar.proxy.HttpMessages.last;
import static io.banyan.sidecar.proxy.HttpMessages.request;
import static io.banyan.sidecar.proxy.HttpMessages.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An exchange whose route mirrors every request to "shadow" and compares the answers, against a fake pool on a frozen
 * clock: the caller gets exactly what the primary sent, whatever the copy does; the pair is counted equal, different
 * (with the pointer, the request id and the path without its query) or failed; the copy is counted in the load sink;
 * every buffer the comparison kept is given back.
 */
class ExchangeShadowCompareTest {

    private static final Endpoint PRIMARY = new Endpoint("10.0.0.1", 8080, 1, "a", false, null);
    private static final Endpoint SHADOW = new Endpoint("10.0.0.9", 8080, 1, "b", false, null);
    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(5);
    private static final ShadowCompare JSON = new ShadowCompare(true, List.of("content-type"), BodyMode.JSON,
            List.of(JsonPathPattern.parse("$.timestamp")), 64);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FakeUpstreams upstreams = new FakeUpstreams();
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final ShadowLedger ledger = new ShadowLedger(Clock.fixed(Instant.ofEpochMilli(7_000), ZoneOffset.UTC));
    private final List<String> load = new ArrayList<>();
    private final long[] now = {0};
    private EmbeddedChannel downstream;

    private final LoadSink sink = new LoadSink() {
        @Override
        public void started(String cluster) {
            load.add("started " + cluster);
        }

        @Override
        public void ended(String cluster, String zone, int status, ErrorCause cause, long durationNanos) {
            load.add("ended " + cluster + " zone=" + zone + " status=" + status + " cause=" + cause + " nanos="
                    + durationNanos);
        }
    };

    private void downstream(ShadowCompare compare) {
        RouteAction action = new RouteAction(List.of(new WeightedCluster("orders", 1)), ROUTE_TIMEOUT,
                RetryPolicy.none(), null, null).withMirrors(List.of(MirrorPolicy.always("shadow").withCompare(compare)));
        VirtualHost orders = new VirtualHost("orders", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/"), action)));
        MeshConfig config = new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(orders))),
                Map.of("orders", cluster("orders", PRIMARY), "shadow", cluster("shadow", SHADOW)), Map.of(), Map.of());
        RequestMetrics metrics = new RequestMetrics(registry);
        RoutingState state = RoutingState.from(config, RoutingState.EMPTY, metrics);
        ListenerConfig listener = new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "rc");
        Ticker ticker = () -> now[0];
        Mirrors mirrors = new Mirrors(upstreams, metrics::mirror, new Random(1), ledger, sink, ticker);
        ProxyContext context = new ProxyContext(listener, () -> state, upstreams, metrics, () -> false,
                TunnelSettings.DEFAULT, ticker, new AccessLog(), mirrors);
        downstream = new EmbeddedChannel(new FrontendHandler(context));
        downstream.config().setAllocator(alloc);
        downstream.config().setAutoRead(false);
        downstream.freezeTime();
    }

    @AfterEach
    void noLeaks() {
        assertFalse(downstream.finishAndReleaseAll());
        assertFalse(upstreams.finishAndReleaseAll());
        assertThat(alloc.metric().usedHeapMemory()).isZero();
    }

    @Test
    void aShadowAnsweringAnotherJsonValueIsCountedDifferentWithThePointerAndTheRequestId() {
        downstream(JSON);
        Sent sent = send("/orders/7?expand=items");
        HttpRequest copy = sent.copyHead();
        assertThat(copy.headers().get("x-request-id")).isEqualTo("req-7");

        answer(sent.shadow(), 200, "{\"id\":7,\"total\":12,", "\"timestamp\":2}");
        assertThat(written(downstream)).isEmpty(); // the caller does not wait for the primary because of the copy
        answer(sent.primary(), 200, "{\"id\":7,\"total\":10,", "\"timestamp\":1}");

        assertThat(written(downstream)).containsExactly("200", "chunk:{\"id\":7,\"total\":10,", "last:\"timestamp\":1}");
        ShadowDelta delta = ledger.drain("shadow");
        assertThat(delta.different()).isOne();
        assertThat(delta.samples()).containsExactly(new ShadowDifference("req-7", "GET", "/orders/7", 200, 200, "body",
                "/total", 7_000));
        assertThat(comparisons(ComparisonOutcome.DIFFERENT)).isOne();
    }

    @Test
    void aShadowDifferingOnlyInAnIgnoredFieldIsEqualWhicheverAnswersFirst() {
        downstream(JSON);
        Sent sent = send("/orders/7");

        answer(sent.primary(), 200, "{\"id\":7,\"timestamp\":1}");
        assertThat(written(downstream)).containsExactly("200", "last:{\"id\":7,\"timestamp\":1}");
        answer(sent.shadow(), 200, "{\"timestamp\":2,", "\"id\":7.0}");

        assertThat(ledger.drain("shadow")).isEqualTo(new ShadowDelta(1, 0, 0, 0, List.of()));
        assertThat(comparisons(ComparisonOutcome.EQUAL)).isOne();
    }

    @Test
    void aNamedHeaderAbsentOnTheShadowIsADifference() {
        downstream(JSON);
        Sent sent = send("/orders/7");

        HttpResponse typed = head(HttpResponseStatus.OK, 2);
        typed.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        sent.primary().listener().onResponseObject(typed);
        sent.primary().listener().onResponseObject(last("{}"));
        answer(sent.shadow(), 200, "{}");

        assertThat(ledger.drain("shadow").samples()).extracting(ShadowDifference::kind, ShadowDifference::where)
                .containsExactly(tuple("header", "content-type"));
        written(downstream);
    }

    @Test
    void aShadowThatTimesOutIsCountedFailedAndTheCallerGotItsAnswerAtOnce() {
        downstream(ShadowCompare.DEFAULT);
        Sent sent = send("/orders/7");

        answer(sent.primary(), 200, "live");
        assertThat(written(downstream)).containsExactly("200", "last:live");
        advance(ROUTE_TIMEOUT);

        assertThat(sent.shadow().closed).isTrue();
        assertThat(ledger.drain("shadow")).isEqualTo(new ShadowDelta(0, 0, 1, 0, List.of()));
        assertThat(comparisons(ComparisonOutcome.FAILED)).isOne();
        assertThat(load).containsExactly("started shadow",
                "ended shadow zone=b status=0 cause=UPSTREAM_TIMEOUT nanos=" + ROUTE_TIMEOUT.toNanos());
    }

    @Test
    void aLiveAnswerCutShortFailsTheComparisonAndTheShadowIsStillLoadReported() {
        downstream(JSON);
        Sent sent = send("/orders/7");
        answer(sent.shadow(), 201, "{\"id\":7}");
        assertThat(load).containsExactly("started shadow", "ended shadow zone=b status=201 cause=null nanos=0");

        sent.primary().listener().onResponseObject(head(HttpResponseStatus.OK, 100));
        sent.primary().listener().onResponseObject(chunk("{\"id\":"));
        sent.primary().listener().onUpstreamClosed();

        assertThat(ledger.drain("shadow")).isEqualTo(new ShadowDelta(0, 0, 1, 0, List.of()));
        assertThat(downstream.isOpen()).isFalse(); // as without a copy: a cut answer is never presented as complete
    }

    @Test
    void aBodyBeyondTheCapIsNotComparedButCountedFailedAndTheCallerGetsAllOfIt() {
        downstream(JSON);
        Sent sent = send("/orders/7");
        String big = "{\"pad\":\"" + "x".repeat(100) + "\"}";

        answer(sent.primary(), 200, big.substring(0, 50), big.substring(50));
        answer(sent.shadow(), 200, big);

        assertThat(written(downstream)).containsExactly("200", "chunk:" + big.substring(0, 50), "last:" + big.substring(50));
        assertThat(ledger.drain("shadow").failed()).isOne();
    }

    @Test
    void aCopyDroppedBeforeItWentIsCountedDropped() {
        downstream(ShadowCompare.DEFAULT);
        downstream.writeInbound(request(HttpMethod.POST, "/orders", 10), chunk("hello"));
        FakeUpstreams.Connection primary = upstreams.connect(false);

        downstream.close(); // the caller went away mid-body: the copy never goes

        assertThat(ledger.drain("shadow")).isEqualTo(new ShadowDelta(0, 0, 0, 1, List.of()));
        assertThat(load).isEmpty();
        written(primary.channel);
    }

    private record Sent(FakeUpstreams.Connection primary, FakeUpstreams.Connection shadow, HttpRequest copyHead) {
    }

    /** A GET with an x-request-id, its primary and its copy connected (the copy's head kept, the rest released). */
    private Sent send(String target) {
        HttpRequest get = request(HttpMethod.GET, target, 0);
        get.headers().set("x-request-id", "req-7");
        downstream.writeInbound(get, LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection primary = upstreams.connect(false);
        FakeUpstreams.Connection shadow = upstreams.connect(false);
        HttpRequest copyHead = shadow.channel.readOutbound();
        written(shadow.channel);
        written(primary.channel);
        return new Sent(primary, shadow, copyHead);
    }

    /** The upstream answers {@code status} with {@code chunks} as its body, the last one ending it. */
    private static void answer(FakeUpstreams.Connection upstream, int status, String... chunks) {
        int length = 0;
        for (String chunk : chunks) {
            length += chunk.length();
        }
        upstream.listener().onResponseObject(head(HttpResponseStatus.valueOf(status), length));
        for (int i = 0; i < chunks.length; i++) {
            upstream.listener().onResponseObject(i == chunks.length - 1 ? last(chunks[i]) : chunk(chunks[i]));
        }
    }

    private static ClusterConfig cluster(String name, Endpoint endpoint) {
        return new ClusterConfig(name, ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
                UpstreamProtocol.HTTP1, new ClusterEndpoints(name, List.of(endpoint)));
    }

    private void advance(Duration duration) {
        now[0] += duration.toNanos();
        downstream.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
        downstream.runPendingTasks();
    }

    private double comparisons(ComparisonOutcome outcome) {
        Counter counter = registry.find(MetricNames.SHADOW_COMPARISONS).tags("service", "shadow", "outcome",
                outcome.tag()).counter();
        return counter == null ? 0 : counter.count();
    }
}
