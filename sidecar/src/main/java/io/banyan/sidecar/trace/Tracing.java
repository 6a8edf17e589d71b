package io.banyan.sidecar.trace;

import io.banyan.sidecar.observe.ExchangeObserver;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A data plane's tracing: the observer that records spans, and what flushes them on close. With no OTLP endpoint it is
 * {@link #OFF}: no observer (a caller's trace context passes untouched) and no OpenTelemetry class loaded.
 */
public interface Tracing extends AutoCloseable {

    /** No spans, nothing exported. */
    Tracing OFF = new Tracing() {
        @Override
        public ExchangeObserver observer() {
            return ExchangeObserver.NONE;
        }

        @Override
        public void close() {
        }
    };

    /** What records each exchange's spans; {@link ExchangeObserver#NONE} when off. */
    ExchangeObserver observer();

    /** Exports what is still queued (bounded in time) and stops; idempotent. */
    @Override
    void close();

    /**
     * Starts tracing as {@code settings} say: the OpenTelemetry SDK with a batch exporter thread when an endpoint is
     * set, else {@link #OFF}. The span counters are registered on {@code meters} either way.
     */
    static Tracing start(TraceSettings settings, TracedProcess process, MeterRegistry meters) {
        TraceCounters counters = new TraceCounters(meters);
        if (!settings.exports()) {
            return OFF;
        }
        return OtlpTracing.start(settings, process, counters);
    }
}
