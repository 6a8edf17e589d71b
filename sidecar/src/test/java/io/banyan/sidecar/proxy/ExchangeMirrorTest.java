package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.MirrorOutcome;
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

import static io.banyan.sidecar.proxy.HttpMessages.chunk;
import static io.banyan.sidecar.proxy.HttpMessages.last;
import static io.banyan.sidecar.proxy.HttpMessages.request;
import static io.banyan.sidecar.proxy.HttpMessages.respond;
import static io.banyan.sidecar.proxy.HttpMessages.written;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exchange whose route mirrors every request to "shadow", against a fake pool on a frozen clock: when the copy
 * goes out, what it carries, how it ends (drained, timed out, dropped with an unfinished request), and that every
 * buffer on every path is released.
 */
class ExchangeMirrorTest {

    private MirroredExchange exchange;
    private SimpleMeterRegistry registry;
    private FakeUpstreams upstreams;
    private EmbeddedChannel downstream;

    private void downstream(MirrorPolicy... mirrors) {
        exchange = new MirroredExchange(mirrors);
        registry = exchange.registry;
        upstreams = exchange.upstreams;
        downstream = exchange.downstream;
    }

    @AfterEach
    void noLeaks() {
        exchange.assertNothingLeaked();
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
        assertThat(copy.endpoint()).isEqualTo(MirroredExchange.SHADOW);
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

        exchange.advance(MirroredExchange.ROUTE_TIMEOUT);
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

    private double count(MirrorOutcome outcome) {
        Counter counter = registry.find(MetricNames.MIRROR_REQUESTS).tags("service", "shadow", "outcome", outcome.tag())
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double inFlight() {
        return registry.get(MetricNames.MIRROR_IN_FLIGHT).tag("service", "shadow").gauge().value();
    }
}
