package io.banyan.sidecar.trace;

import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What became of the spans: exported, or dropped by reason ({@code queue_full}: the export queue was full,
 * {@code export_failed}: the receiver refused them or could not be reached after the exporter's retries,
 * {@code shutdown}: ended after the exporter stopped). Registered whether or not spans are exported, so that a
 * dashboard finds them at zero.
 */
public final class TraceCounters {

    public static final String QUEUE_FULL = "queue_full";
    public static final String EXPORT_FAILED = "export_failed";
    public static final String SHUTDOWN = "shutdown";

    private final Counter exported;
    private final Counter queueFull;
    private final Counter exportFailed;
    private final Counter shutdown;

    public TraceCounters(MeterRegistry registry) {
        this.exported = Counter.builder(MetricNames.TRACE_SPANS_EXPORTED)
                .description("Spans the OTLP receiver accepted").register(registry);
        this.queueFull = dropped(registry, QUEUE_FULL);
        this.exportFailed = dropped(registry, EXPORT_FAILED);
        this.shutdown = dropped(registry, SHUTDOWN);
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder(MetricNames.TRACE_SPANS_DROPPED).tag("reason", reason)
                .description("Spans lost before the OTLP receiver accepted them, by reason").register(registry);
    }

    public void exported(long spans) {
        exported.increment(spans);
    }

    /** {@code reason}: one of this class's reasons; anything else counts as {@link #EXPORT_FAILED}. */
    public void dropped(String reason, long spans) {
        (QUEUE_FULL.equals(reason) ? queueFull : SHUTDOWN.equals(reason) ? shutdown : exportFailed).increment(spans);
    }
}
