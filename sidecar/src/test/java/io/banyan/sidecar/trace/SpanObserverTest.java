package io.banyan.sidecar.trace;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeRecord;
import io.banyan.sidecar.observe.ExchangeStart;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.banyan.sidecar.metrics.MetricNames;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.EarlyAnswers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observer with a real SDK and an in-test exporter: what it writes upstream, what spans it makes, what it drops.
 */
class SpanObserverTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "b7ad6b7169203331";
    private static final Endpoint ENDPOINT = new Endpoint("10.0.0.7", 15006, 1, "b", true, null);

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final FakeClock clock = new FakeClock();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new Collecting(exported))).build();

    private SpanObserver observer(double ratio) {
        return new SpanObserver(provider.get("test"), new TraceSampler(ratio), "web", clock::nanoTime);
    }

    private static ExchangeStart start(HttpHeaders headers) {
        return new ExchangeStart(Instant.parse("2026-12-07T10:00:00Z"), "outbound", TrafficDirection.OUTBOUND, "GET",
                "orders:8080", "/orders/42?secret=1", "HTTP/1.1", headers);
    }

    private static ExchangeRecord record(int status, ErrorCause cause, List<AttemptRecord> attempts) {
        return new ExchangeRecord(Instant.parse("2026-12-07T10:00:00Z"), "outbound", TrafficDirection.OUTBOUND, "GET",
                "orders:8080", "/orders/42?secret=1", "HTTP/1.1", status, cause, 5_000_000, 1_000_000, 0, 2, "r-1",
                null, null, "orders", null, ENDPOINT, attempts);
    }

    @Test
    void anUnsampledRootWritesItsDecisionUpstreamAndMakesNoSpan() {
        HttpHeaders headers = new DefaultHttpHeaders().set("tracestate", "stale=1");
        ExchangeObservation observation = observer(0.0).begin(start(headers));
        observation.attemptStarted(1, ENDPOINT, headers);
        observation.ended(record(200, null, List.of()));

        assertThat(headers.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
        assertThat(headers.get("traceparent").substring(3, 35)).isEqualTo(observation.traceId());
        assertThat(headers.contains("tracestate")).isFalse();
        assertThat(exported).isEmpty();
    }

    @Test
    void aBareB3DenialIsObservedByNothingAndPassesAsItCame() {
        HttpHeaders headers = new DefaultHttpHeaders().set("b3", "0");
        assertThat(observer(1.0).begin(start(headers))).isSameAs(ExchangeObservation.NONE);
    }

    @Test
    void anUnsampledB3ParentIsTranslatedToW3c() {
        HttpHeaders headers = new DefaultHttpHeaders().set("b3", TRACE + "-" + SPAN + "-0");
        ExchangeObservation observation = observer(1.0).begin(start(headers));
        observation.attemptStarted(1, ENDPOINT, headers);
        assertThat(headers.get("traceparent")).isEqualTo("00-" + TRACE + "-" + SPAN + "-00");
        assertThat(observation.traceId()).isEqualTo(TRACE);
    }

    @Test
    void aFailedExchangeHasItsCauseOnBothSpansAndTimesFromItsRecords() {
        HttpHeaders headers = new DefaultHttpHeaders().set("traceparent", "00-" + TRACE + "-" + SPAN + "-01");
        ExchangeObservation observation = observer(0.0).begin(start(headers)); // sampled by its parent
        clock.advance(java.time.Duration.ofMillis(1));
        observation.attemptStarted(1, ENDPOINT, headers);
        AttemptRecord attempt = new AttemptRecord(1, ENDPOINT, 1_000_000, 3_000_000, -1, 0,
                ErrorCause.UPSTREAM_TIMEOUT);
        observation.attemptEnded(attempt);
        observation.ended(record(504, ErrorCause.UPSTREAM_TIMEOUT, List.of(attempt)));

        assertThat(exported).hasSize(2);
        SpanData server = exported.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        SpanData client = exported.stream().filter(span -> span.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(server.getParentSpanId()).isEqualTo(SPAN);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(headers.get("traceparent")).isEqualTo("00-" + TRACE + "-" + client.getSpanId() + "-01");
        assertThat(server.getAttributes().get(SpanAttributes.ERROR)).isEqualTo("upstream_timeout");
        assertThat(server.getAttributes().get(SpanAttributes.URL_PATH)).isEqualTo("/orders/42"); // no query
        assertThat(server.getAttributes().get(SpanAttributes.SERVER_PORT)).isEqualTo(8080L);
        assertThat(client.getAttributes().get(SpanAttributes.ERROR_TYPE)).isEqualTo("upstream_timeout");
        assertThat(client.getAttributes().get(SpanAttributes.SERVER_ADDRESS)).isEqualTo("10.0.0.7");
        assertThat(client.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        long start = Instant.parse("2026-12-07T10:00:00Z").getEpochSecond() * 1_000_000_000L;
        assertThat(server.getStartEpochNanos()).isEqualTo(start);
        assertThat(server.getEndEpochNanos()).isEqualTo(start + 5_000_000);
        assertThat(client.getStartEpochNanos()).isEqualTo(start + 1_000_000);
        assertThat(client.getEndEpochNanos()).isEqualTo(start + 4_000_000);
    }

    @Test
    void aRequestRefusedBeforeItsRequestLineIsAServerSpanWithoutMethodOrProtocol() {
        new EarlyAnswers(observer(1.0), "outbound", TrafficDirection.OUTBOUND, java.time.Clock.systemUTC(), () -> 0L)
                .answered(AnsweredBy.PROTOCOL_GUARD, null, null, 408, ErrorCause.REQUEST_TIMEOUT, 300_000_000L);

        assertThat(exported).singleElement().satisfies(server -> {
            assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(server.getName()).isEqualTo("HTTP");
            assertThat(server.getAttributes().get(SpanAttributes.METHOD)).isEqualTo("_OTHER");
            assertThat(server.getAttributes().get(SpanAttributes.METHOD_ORIGINAL)).isNull();
            assertThat(server.getAttributes().get(SpanAttributes.PROTOCOL_VERSION)).isNull();
            assertThat(server.getAttributes().get(SpanAttributes.STATUS)).isEqualTo(408L);
            assertThat(server.getAttributes().get(SpanAttributes.ERROR)).isEqualTo("request_timeout");
            assertThat(server.getEndEpochNanos() - server.getStartEpochNanos()).isEqualTo(300_000_000L);
        });
    }

    @Test
    void spansBeyondTheQueueAreDroppedAndCounted() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TraceCounters counters = new TraceCounters(meters);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch exporting = new CountDownLatch(1);
        SpanExporter stuck = new Collecting(new CopyOnWriteArrayList<>()) {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exporting.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.export(spans);
            }
        };
        BatchSpanProcessor batch = BatchSpanProcessor.builder(new CountingSpanExporter(stuck, counters))
                .setMaxQueueSize(1).setMaxExportBatchSize(1)
                .setMeterProvider(new QueueDropMeter(counters))
                .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST).build();
        SdkTracerProvider small = SdkTracerProvider.builder().addSpanProcessor(batch).build();
        small.get("test").spanBuilder("first").startSpan().end();
        assertThat(exporting.await(10, TimeUnit.SECONDS)).isTrue(); // the exporter holds the first
        small.get("test").spanBuilder("queued").startSpan().end(); // fills the queue of one
        small.get("test").spanBuilder("dropped").startSpan().end();
        small.get("test").spanBuilder("dropped too").startSpan().end();
        release.countDown();
        small.shutdown().join(10, TimeUnit.SECONDS);

        assertThat(meters.get(MetricNames.TRACE_SPANS_DROPPED).tag("reason", "queue_full").counter().count())
                .isEqualTo(2.0);
        assertThat(meters.get(MetricNames.TRACE_SPANS_EXPORTED).counter().count()).isEqualTo(2.0);
    }

    /** Keeps what it is given. */
    private static class Collecting implements SpanExporter {
        private final List<SpanData> spans;

        Collecting(List<SpanData> spans) {
            this.spans = spans;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
