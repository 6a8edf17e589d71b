package io.banyan.sidecar.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

import java.util.function.Consumer;

/**
 * How the batch span processor's drops reach {@link TraceCounters}: the processor reports every span it handled on
 * the semantic-convention counter {@code otel.sdk.processor.span.processed}, with {@code error.type} when it dropped
 * one ({@code queue_full}, {@code already_shutdown}); this meter provider hands it a counter that counts exactly those,
 * and gives every other instrument a no-op.
 */
final class QueueDropMeter implements MeterProvider {

    static final String PROCESSED = "otel.sdk.processor.span.processed";
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final Meter NOOP = MeterProvider.noop().get("noop");

    private final TraceCounters counters;

    QueueDropMeter(TraceCounters counters) {
        this.counters = counters;
    }

    @Override
    public MeterBuilder meterBuilder(String scope) {
        return new MeterBuilder() {
            @Override
            public MeterBuilder setSchemaUrl(String schemaUrl) {
                return this;
            }

            @Override
            public MeterBuilder setInstrumentationVersion(String version) {
                return this;
            }

            @Override
            public Meter build() {
                return new DropMeter();
            }
        };
    }

    /** The dropped spans of {@code attributes}' error type counted. */
    void processed(long spans, Attributes attributes) {
        String error = attributes.get(ERROR_TYPE);
        if (error != null) {
            counters.dropped("already_shutdown".equals(error) ? TraceCounters.SHUTDOWN
                    : "queue_full".equals(error) ? TraceCounters.QUEUE_FULL : TraceCounters.EXPORT_FAILED, spans);
        }
    }

    private final class DropMeter implements Meter {
        @Override
        public LongCounterBuilder counterBuilder(String name) {
            LongCounterBuilder noop = NOOP.counterBuilder(name);
            return PROCESSED.equals(name) ? new DropCounterBuilder(noop) : noop;
        }

        @Override
        public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
            return NOOP.upDownCounterBuilder(name);
        }

        @Override
        public DoubleHistogramBuilder histogramBuilder(String name) {
            return NOOP.histogramBuilder(name);
        }

        @Override
        public DoubleGaugeBuilder gaugeBuilder(String name) {
            return NOOP.gaugeBuilder(name);
        }
    }

    private final class DropCounterBuilder implements LongCounterBuilder {
        private final LongCounterBuilder noop;

        DropCounterBuilder(LongCounterBuilder noop) {
            this.noop = noop;
        }

        @Override
        public LongCounterBuilder setDescription(String description) {
            return this;
        }

        @Override
        public LongCounterBuilder setUnit(String unit) {
            return this;
        }

        @Override
        public DoubleCounterBuilder ofDoubles() {
            return noop.ofDoubles();
        }

        @Override
        public LongCounter build() {
            return new LongCounter() {
                @Override
                public boolean isEnabled() {
                    return true;
                }

                @Override
                public void add(long value) {
                }

                @Override
                public void add(long value, Attributes attributes) {
                    processed(value, attributes);
                }

                @Override
                public void add(long value, Attributes attributes, Context context) {
                    processed(value, attributes);
                }
            };
        }

        @Override
        public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
            return noop.buildWithCallback(callback);
        }
    }
}
