package io.banyan.controlplane.store;

import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The store's gauge: {@code banyan_store_available} (1 while writes are accepted, 0 while unavailable). */
public final class StoreMetrics {

    private StoreMetrics() {
    }

    public static void register(Store store, MeterRegistry meters) {
        Gauge.builder(MetricNames.STORE_AVAILABLE, store, s -> s.available() ? 1 : 0)
                .description("1 while the durable store takes writes, 0 while it is unavailable and reopening")
                .register(meters);
    }
}
