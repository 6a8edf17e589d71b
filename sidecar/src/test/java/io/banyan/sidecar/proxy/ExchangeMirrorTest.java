package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MirrorPolicy;
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
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.MirrorOutcome;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.banyan.sidecar.proxy.HttpMessages.chunk;
import static io.banyan.sidecar.proxy.HttpMessages.last;
import static io.banyan.sidecar.proxy.HttpMessages.request;
import static io.banyan.sidecar.proxy.HttpMessages.respond;
import static io.banyan.sidecar.proxy.HttpMessages.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An exchange whose route mirrors every request to "shadow", against a fake pool on a frozen clock: when the copy
 * goes out, what it carries, how it ends (drained, timed out, dropped with an unfinished request), and that every
 * buffer on every path is released.
 */
class ExchangeMirrorTest {

    private static final Endpoint PRIMARY = new Endpoint("10.0.0.1", 8080, 1, "", false, null);
    private static final Endpoint SHADOW = new Endpoint("10.0.0.9", 8080, 1, "", false, null);
    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FakeUpstreams upstreams = new FakeUpstreams();
    private final long[] now = {0};
    private EmbeddedChannel downstream;

    private void downstream(MirrorPolicy... mirrors) {
        RouteAction action = new RouteAction(List.of(new WeightedCluster("orders", 1)), ROUTE_TIMEOUT,
                RetryPolicy.none(), null, null).withMirrors(List.of(mirrors));
        VirtualHost orders = new VirtualHost("orders", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/"), action)));
        MeshConfig config = new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(orders))),
                Map.of("orders", cluster("orders", PRIMARY), "shadow", cluster("shadow", SHADOW)), Map.of(), Map.of());
        RequestMetrics metrics = new RequestMetrics(registry);
        RoutingState state = RoutingState.from(config, RoutingState.EMPTY, metrics);
        ListenerConfig listener = new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "rc");
        Ticker ticker = () -> now[0];
        ProxyContext context = new ProxyContext(listener, () -> state, upstreams, metrics, () -> false,
                TunnelSettings.DEFAULT, ticker, new AccessLog());
        downstream = new EmbeddedChannel(new FrontendHandler(context));
        downstream.config().setAutoRead(false);
        downstream.freezeTime();
    }

    @AfterEach
    void noLeaks() {
        assertFalse(downstream.finishAndReleaseAll());
        assertFalse(upstreams.finishAndReleaseAll());
    }

    @Test
    void theCopyGoesOutWholeOnceTheBodyIsCompleteAndItsResponseIsDrainedAndCounted() {
        downstream(MirrorPolicy.always("shadow"));
        downstream.writeInbound(request(HttpMethod.POST, "/orders", 10), chunk("hello"));
        FakeUpstreams.Connection primary = upstreams.connect(false);
        assertThat(upstreams.pendingCount()).isZero(); // no copy before the body is complete

        downstream.writeInbound(last("world"));
        assertThat(upstreams.pendingCount()).isOne();
        FakeUpstreams.Acquire copy = upstreams.next();
        assertThat(copy.endpoint()).isEqualTo(SHADOW);
        FakeUpstreams.Connection shadow = upstreams.answer(copy, false);

        HttpRequest head = shadow.channel.readOutbound();
        assertThat(head.method()).isEqualTo(HttpMethod.POST);
        assertThat(head.uri()).isEqualTo("/orders");
        assertThat(head.headers().get(HttpHeaderNames.HOST)).isEqualTo("orders-shadow");
        assertThat(written(shadow.channel)).containsExactly("chunk:hello", "last:world");
        assertThat(count(MirrorOutcome.SENT)).isOne();
        respond(shadow, HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(shadow.released).isTrue(); // a keep-alive connection goes back to its pool
        assertThat(count(MirrorOutcome.FAILED)).isOne(); // 5xx
        assertThat(registry.get(MetricNames.MIRROR_RESPONSES).tags("service", "shadow", "status_class", "5xx")
                .counter().count()).isOne();

        assertThat(written(primary.channel)).containsExactly("POST /orders", "chunk:hello", "last:world");
        respond(primary, HttpResponseStatus.OK);
        assertThat(written(downstream)).containsExactly("200", "last:");
        assertThat(inFlight()).isZero();
    }

    @Test
    void theCallersAnswerDoesNotWaitForTheCopyWhichTimesOutOnTheRouteTimeout() {
        downstream(MirrorPolicy.always("shadow"));
        Sent sent = sendBodyless();

        respond(sent.primary(), HttpResponseStatus.OK);
        assertThat(written(downstream)).containsExactly("200", "last:");
        assertThat(inFlight()).isOne();

        advance(ROUTE_TIMEOUT);
        assertThat(sent.shadow().closed).isTrue();
        assertThat(count(MirrorOutcome.TIMEOUT)).isOne();
        assertThat(inFlight()).isZero();
        written(sent.primary().channel);
    }

    @Test
    void aRequestThatEndsBeforeItsBodyIsCompleteDropsTheCopyAndItsKeptChunks() {
        downstream(MirrorPolicy.always("shadow"));
        downstream.writeInbound(request(HttpMethod.POST, "/orders", 10), chunk("hello"));
        FakeUpstreams.Connection primary = upstreams.connect(false);

        downstream.close(); // the caller went away mid-body

        assertThat(count(MirrorOutcome.DROPPED_INCOMPLETE)).isOne();
        assertThat(count(MirrorOutcome.SENT)).isZero();
        assertThat(upstreams.pendingCount()).isZero();
        assertThat(inFlight()).isZero();
        written(primary.channel);
    }

    @Test
    void aFinalResponseAfterAnInformationalOneEndsTheCopy() {
        downstream(MirrorPolicy.always("shadow"));
        Sent sent = sendBodyless();

        respond(sent.shadow(), HttpResponseStatus.CONTINUE);
        assertThat(inFlight()).isOne();
        respond(sent.shadow(), HttpResponseStatus.CREATED);

        assertThat(count(MirrorOutcome.SUCCESS)).isOne();
        assertThat(inFlight()).isZero();
        respond(sent.primary(), HttpResponseStatus.OK);
        written(downstream);
        written(sent.primary().channel);
    }

    @Test
    void aMirrorClusterMissingFromTheConfigIsCountedAndTheRequestGoesOnAlone() {
        downstream(new MirrorPolicy("ghost", MirrorPolicy.MILLION, true));

        downstream.writeInbound(request(HttpMethod.GET, "/orders", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection primary = upstreams.connect(false);
        respond(primary, HttpResponseStatus.OK);

        assertThat(written(downstream)).containsExactly("200", "last:");
        assertThat(upstreams.pendingCount()).isZero();
        assertThat(registry.get(MetricNames.MIRROR_REQUESTS).tags("service", "ghost", "outcome", "dropped_no_upstream")
                .counter().count()).isOne();
        written(primary.channel);
    }

    private record Sent(FakeUpstreams.Connection primary, FakeUpstreams.Connection shadow) {
    }

    /** A bodyless POST, its primary and its copy connected (the copy's request read and released). */
    private Sent sendBodyless() {
        downstream.writeInbound(request(HttpMethod.POST, "/orders", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection primary = upstreams.connect(false);
        FakeUpstreams.Connection shadow = upstreams.connect(false);
        written(shadow.channel);
        return new Sent(primary, shadow);
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

    private double count(MirrorOutcome outcome) {
        Counter counter = registry.find(MetricNames.MIRROR_REQUESTS).tags("service", "shadow", "outcome", outcome.tag())
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double inFlight() {
        return registry.get(MetricNames.MIRROR_IN_FLIGHT).tag("service", "shadow").gauge().value();
    }
}
