package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.TunnelSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.primitives.stats.LatencySketch;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.cluster.ClusterEnvironment;
import io.banyan.sidecar.loadstats.ClusterDelta;
import io.banyan.sidecar.loadstats.LatencyBucket;
import io.banyan.sidecar.loadstats.LoadRecorders;
import io.banyan.sidecar.loadstats.LocalityDelta;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.banyan.sidecar.proxy.HttpMessages.head;
import static io.banyan.sidecar.proxy.HttpMessages.request;
import static io.banyan.sidecar.proxy.HttpMessages.respond;
import static io.banyan.sidecar.proxy.HttpMessages.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An exchange to a cluster the control plane asks about is counted for the load report once: issued when admitted,
 * ended once whatever happens in between (retries, resends), under the zone of the endpoint that answered, with the
 * access log's duration; on a frozen clock.
 */
class ExchangeLoadTest {

    private static final Endpoint A = new Endpoint("10.0.0.1", 8080, 1, "zone-a", false, null);
    private static final Endpoint B = new Endpoint("10.0.0.2", 8080, 1, "zone-b", false, null);
    private static final RetryPolicy ON_5XX = new RetryPolicy(Set.of(RetryOn.FIVE_XX), 2, Duration.ZERO,
            RetryPolicy.DEFAULT_BACKOFF_BASE, RetryPolicy.DEFAULT_BACKOFF_MAX, Set.of(), Set.of(), false);

    private final FakeUpstreams upstreams = new FakeUpstreams();
    private final LoadRecorders loads = new LoadRecorders();
    private final long[] now = {0};
    private final Ticker ticker = () -> now[0];
    private EmbeddedChannel downstream;

    @AfterEach
    void noLeaks() {
        assertFalse(downstream.finishAndReleaseAll());
        assertFalse(upstreams.finishAndReleaseAll());
    }

    @Test
    void aRetriedRequestEndsOnceInTheZoneOfTheEndpointThatAnsweredWithTheAccessLogsDuration() {
        downstream(ON_5XX, A, B);

        downstream.writeInbound(request(HttpMethod.GET, "/orders/1", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(loads.drain("orders")).isEqualTo(new ClusterDelta("orders", 1, 1, List.of()));
        FakeUpstreams.Connection first = upstreams.connect(false);
        first.listener().onResponseObject(head(HttpResponseStatus.SERVICE_UNAVAILABLE, 0));
        advance(RetryPolicy.DEFAULT_BACKOFF_MAX);
        FakeUpstreams.Connection second = upstreams.answer(upstreams.next(), false);
        respond(second, HttpResponseStatus.OK);
        assertThat(written(first.channel)).containsExactly("GET /orders/1", "last:");
        assertThat(written(second.channel)).containsExactly("GET /orders/1", "last:");
        downstream.releaseOutbound();

        long micros = RetryPolicy.DEFAULT_BACKOFF_MAX.toNanos() / 1_000;
        assertThat(loads.drain("orders")).isEqualTo(new ClusterDelta("orders", 0, 0, List.of(
                new LocalityDelta("zone-b", 1, 0, Map.of(),
                        List.of(new LatencyBucket(LatencySketch.indexOf(micros), 1, micros))))));
    }

    @Test
    void aRequestTheMeshFailsIsAnErrorOfItsCause() {
        downstream(RetryPolicy.none(), A);

        downstream.writeInbound(request(HttpMethod.GET, "/orders", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection stale = upstreams.connect(true);
        stale.listener().onUpstreamClosed();
        FakeUpstreams.Connection againStale = upstreams.connect(true);
        againStale.listener().onUpstreamClosed(); // stale twice: 502 upstream_reset
        downstream.releaseOutbound();
        assertThat(written(stale.channel)).containsExactly("GET /orders", "last:");
        assertThat(written(againStale.channel)).containsExactly("GET /orders", "last:");

        ClusterDelta delta = loads.drain("orders");
        assertThat(delta.issued()).isEqualTo(1);
        assertThat(delta.inProgress()).isZero();
        assertThat(delta.localities()).singleElement().satisfies(a -> {
            assertThat(a.zone()).isEqualTo("zone-a");
            assertThat(a.succeeded()).isZero();
            assertThat(a.errors()).isEqualTo(1);
            assertThat(a.errorsByCause()).containsExactly(Map.entry("upstream_reset", 1L));
        });
    }

    @Test
    void aClientThatLeavesBeforeTheAnswerEndsTheRequestAsNeitherSuccessNorError() {
        downstream(RetryPolicy.none(), A);

        downstream.writeInbound(request(HttpMethod.GET, "/orders", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection upstream = upstreams.connect(false);
        downstream.close();
        assertThat(written(upstream.channel)).containsExactly("GET /orders", "last:");

        ClusterDelta delta = loads.drain("orders");
        assertThat(delta.issued()).isEqualTo(1);
        assertThat(delta.inProgress()).isZero();
        assertThat(delta.localities()).singleElement().satisfies(a -> {
            assertThat(a.succeeded() + a.errors()).isZero();
            assertThat(a.latency()).extracting(LatencyBucket::count).containsExactly(1L);
        });
    }

    @Test
    void aClusterNobodyAsksAboutIsNotCounted() {
        downstream(RetryPolicy.none(), A);
        loads.untrackAll();

        downstream.writeInbound(request(HttpMethod.GET, "/orders", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection upstream = upstreams.connect(false);
        respond(upstream, HttpResponseStatus.OK);
        downstream.releaseOutbound();
        assertThat(written(upstream.channel)).containsExactly("GET /orders", "last:");

        loads.track(Set.of("orders"), false);
        assertThat(loads.drain("orders").isEmpty()).isTrue();
    }

    private void downstream(RetryPolicy retries, Endpoint... endpoints) {
        RouteAction action = new RouteAction(List.of(new WeightedCluster("orders", 1)), Duration.ofSeconds(15), retries,
                null, null);
        VirtualHost orders = new VirtualHost("orders", List.of("*"), List.of(new Route(RouteMatch.prefix("/"), action)));
        ClusterConfig cluster = new ClusterConfig("orders", ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, new ClusterEndpoints("orders", List.of(endpoints)));
        MeshConfig config = new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(orders))),
                Map.of("orders", cluster), Map.of(), Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RequestMetrics metrics = new RequestMetrics(registry);
        loads.track(Set.of("orders"), false);
        ClusterEnvironment environment = new ClusterEnvironment("", null, ticker, Clock.systemUTC(), registry, null,
                loads);
        RoutingState state = RoutingState.from(config, RoutingState.EMPTY, metrics, environment);
        ListenerConfig listener = new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "rc");
        ProxyContext context = new ProxyContext(listener, () -> state, upstreams, metrics, () -> false,
                TunnelSettings.DEFAULT, ticker, ExchangeObserver.NONE);
        downstream = new EmbeddedChannel(new FrontendHandler(context));
        downstream.config().setAutoRead(false);
        downstream.freezeTime();
    }

    private void advance(Duration duration) {
        now[0] += duration.toNanos();
        downstream.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
        downstream.runPendingTasks();
    }
}
