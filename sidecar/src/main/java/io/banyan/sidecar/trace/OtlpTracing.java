package io.banyan.sidecar.trace;

import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tracing with the OpenTelemetry SDK: spans recorded by a {@link SpanObserver} on the event loops, queued (bounded)
 * in a {@link BatchSpanProcessor} whose own thread exports them over OTLP. The only class that builds SDK objects;
 * loaded only when an endpoint is configured.
 */
final class OtlpTracing implements Tracing {

    private static final Logger log = LoggerFactory.getLogger(OtlpTracing.class);

    /** Spans waiting for export at most; more are dropped (counted), never blocking an event loop. */
    static final int MAX_QUEUE = 2048;
    static final int MAX_BATCH = 512;
    static final Duration SCHEDULE_DELAY = Duration.ofSeconds(1);
    static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);
    /** How long close waits for the last spans to leave. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Attribute values are cut here: a client's path or request id is retained only so long. */
    static final int MAX_ATTRIBUTE_LENGTH = 512;
    private static final String SCOPE = "io.banyan.sidecar";

    private final SdkTracerProvider provider;
    private final SpanObserver observer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OtlpTracing(SdkTracerProvider provider, SpanObserver observer) {
        this.provider = provider;
        this.observer = observer;
    }

    static Tracing start(TraceSettings settings, TracedProcess process, TraceCounters counters) {
        SpanExporter exporter = new CountingSpanExporter(exporter(settings), counters);
        BatchSpanProcessor batch = BatchSpanProcessor.builder(exporter)
                .setMaxQueueSize(MAX_QUEUE)
                .setMaxExportBatchSize(MAX_BATCH)
                .setScheduleDelay(SCHEDULE_DELAY)
                .setExporterTimeout(EXPORT_TIMEOUT)
                .setMeterProvider(new QueueDropMeter(counters))
                .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource(process))
                .setSampler(Sampler.alwaysOn()) // TraceSampler decided before any span is made
                .setSpanLimits(SpanLimits.builder().setMaxAttributeValueLength(MAX_ATTRIBUTE_LENGTH).build())
                .addSpanProcessor(batch)
                .build();
        log.info("traces: exporting to {} over {}, sampling {} of new traces", settings.exportUrl(),
                settings.protocol(), settings.samplingRatio());
        return new OtlpTracing(provider, new SpanObserver(provider.get(SCOPE),
                new TraceSampler(settings.samplingRatio()), process.service(), Ticker.system()));
    }

    private static SpanExporter exporter(TraceSettings settings) {
        return switch (settings.protocol()) {
            case HTTP_PROTOBUF -> OtlpHttpSpanExporter.builder()
                    .setEndpoint(settings.exportUrl())
                    .setTimeout(EXPORT_TIMEOUT)
                    .setMeterProvider(MeterProvider.noop())
                    .build();
            case GRPC -> OtlpGrpcSpanExporter.builder()
                    .setEndpoint(settings.exportUrl())
                    .setTimeout(EXPORT_TIMEOUT)
                    .setMeterProvider(MeterProvider.noop())
                    .setComponentLoader(new OwnGrpcSender(OtlpTracing.class.getClassLoader()))
                    .build();
        };
    }

    static Resource resource(TracedProcess process) {
        AttributesBuilder attributes = Attributes.builder()
                .put(AttributeKey.stringKey("service.name"), process.service())
                .put(AttributeKey.stringKey("service.instance.id"), process.instanceId())
                .put(AttributeKey.stringKey("banyan.role"), process.gateway() ? "gateway" : "sidecar");
        if (!process.zone().isEmpty()) {
            attributes.put(AttributeKey.stringKey("banyan.zone"), process.zone());
        }
        if (!process.version().isEmpty()) {
            attributes.put(AttributeKey.stringKey("banyan.version"), process.version());
            attributes.put(AttributeKey.stringKey("service.version"), process.version());
        }
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }

    @Override
    public ExchangeObserver observer() {
        return observer;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (!provider.shutdown().join(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isSuccess()) {
                log.warn("traces: the last spans could not be exported within {}", CLOSE_TIMEOUT);
            }
        }
    }

    /** The SDK's component loader, with our grpc-java sender as the only gRPC sender. */
    private record OwnGrpcSender(ClassLoader classLoader) implements ComponentLoader {
        @Override
        @SuppressWarnings("unchecked")
        public <T> Iterable<T> load(Class<T> type) {
            if (type == GrpcSenderProvider.class) {
                return (Iterable<T>) List.of((GrpcSenderProvider) GrpcChannelSender::new);
            }
            return ComponentLoader.forClassLoader(classLoader).load(type);
        }
    }
}
