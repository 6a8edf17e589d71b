package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.JsonPathPattern;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.dataplane.config.ShadowCompare.BodyMode;
import io.banyan.sidecar.metrics.ComparisonOutcome;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.mirror.ShadowDelta;
import io.banyan.sidecar.mirror.ShadowDifference;
import io.banyan.sidecar.mirror.ShadowLedger;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.banyan.sidecar.proxy.HttpMessages.chunk;
import static io.banyan.sidecar.proxy.HttpMessages.head;
import static io.banyan.sidecar.proxy.HttpMessages.last;
import static io.banyan.sidecar.proxy.HttpMessages.request;
import static io.banyan.sidecar.proxy.HttpMessages.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * An exchange whose route mirrors every request to "shadow" and compares the answers, against a fake pool on a frozen
 * clock: the caller gets exactly what the primary sent, whatever the copy does; the pair is counted equal, different
 * (with the pointer, the request id and the path without its query) or failed; the copy is counted in the load sink;
 * every buffer the comparison kept is given back.
 */
class ExchangeShadowCompareTest {

    private static final ShadowCompare JSON = new ShadowCompare(true, List.of("content-type"), BodyMode.JSON,
            List.of(JsonPathPattern.parse("$.timestamp")), 64);

    private MirroredExchange exchange;
    private ShadowLedger ledger;
    private List<String> load;
    private FakeUpstreams upstreams;
    private EmbeddedChannel downstream;

    private void downstream(ShadowCompare compare) {
        exchange = new MirroredExchange(MirrorPolicy.always("shadow").withCompare(compare));
        ledger = exchange.ledger;
        load = exchange.load;
        upstreams = exchange.upstreams;
        downstream = exchange.downstream;
    }

    @AfterEach
    void noLeaks() {
        exchange.assertNothingLeaked();
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
                "/total", MirroredExchange.NOW_MILLIS));
        assertThat(comparisons(ComparisonOutcome.DIFFERENT)).isOne();
    }

    @Test
    void theCallersLastChunkGoesDownBeforeTheLiveAnswerIsReadAndCompared() {
        downstream(JSON);
        double[] comparedWhenTheLastChunkWent = {-1};
        downstream.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof LastHttpContent) {
                    comparedWhenTheLastChunkWent[0] = comparisons(ComparisonOutcome.DIFFERENT);
                }
                ctx.write(msg, promise);
            }
        });
        Sent sent = send("/orders/7");

        answer(sent.shadow(), 200, "{\"id\":7,\"total\":12}");
        answer(sent.primary(), 200, "{\"id\":7,\"total\":10}");
        downstream.runPendingTasks();

        assertThat(comparedWhenTheLastChunkWent[0]).as("nothing read or compared before the caller's last chunk")
                .isZero();
        assertThat(comparisons(ComparisonOutcome.DIFFERENT)).isOne();
        assertThat(written(downstream)).containsExactly("200", "last:{\"id\":7,\"total\":10}");
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
        exchange.advance(MirroredExchange.ROUTE_TIMEOUT);

        assertThat(sent.shadow().closed).isTrue();
        assertThat(ledger.drain("shadow")).isEqualTo(new ShadowDelta(0, 0, 1, 0, List.of()));
        assertThat(comparisons(ComparisonOutcome.FAILED)).isOne();
        assertThat(load).containsExactly("started shadow",
                "ended shadow zone=b status=0 cause=UPSTREAM_TIMEOUT nanos=" + MirroredExchange.ROUTE_TIMEOUT.toNanos());
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
    void twoCopiesOfOneRequestAreEachComparedWithTheOneLiveAnswer() {
        ShadowCompare exact = ShadowCompare.DEFAULT;
        exchange = new MirroredExchange(MirrorPolicy.always("shadow").withCompare(exact),
                MirrorPolicy.always("shadow").withCompare(exact));
        ledger = exchange.ledger;
        upstreams = exchange.upstreams;
        downstream = exchange.downstream;
        downstream.writeInbound(request(HttpMethod.GET, "/orders/7", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection primary = upstreams.connect(false);
        FakeUpstreams.Connection first = upstreams.connect(false);
        FakeUpstreams.Connection second = upstreams.connect(false);

        answer(first, 200, "same");
        answer(primary, 200, "sa", "me");
        answer(second, 200, "other");

        assertThat(written(downstream)).containsExactly("200", "chunk:sa", "last:me");
        assertThat(ledger.drain("shadow")).extracting(ShadowDelta::equal, ShadowDelta::different)
                .containsExactly(1L, 1L);
        written(primary.channel);
        written(first.channel);
        written(second.channel);
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

    private double comparisons(ComparisonOutcome outcome) {
        Counter counter = exchange.registry.find(MetricNames.SHADOW_COMPARISONS).tags("service", "shadow", "outcome",
                outcome.tag()).counter();
        return counter == null ? 0 : counter.count();
    }
}
