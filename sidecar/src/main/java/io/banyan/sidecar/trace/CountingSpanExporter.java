package io.banyan.sidecar.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;

/** An exporter that counts what the receiver accepted and what it did not (after the exporter's own retries). */
final class CountingSpanExporter implements SpanExporter {

    private final SpanExporter exporter;
    private final TraceCounters counters;

    CountingSpanExporter(SpanExporter exporter, TraceCounters counters) {
        this.exporter = exporter;
        this.counters = counters;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        int count = spans.size();
        CompletableResultCode result = exporter.export(spans);
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                counters.exported(count);
            } else {
                counters.dropped(TraceCounters.EXPORT_FAILED, count);
            }
        });
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }
}
