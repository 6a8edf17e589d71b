package io.banyan.controlplane.store;

import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The store's meters: the gauges {@code banyan_store_available} (1 while writes are accepted, 0 while unavailable)
 * and {@code banyan_store_leader} (1 while this replica leads the duties that run once), and the counters {@code banyan_store_syncs_total} (group commits synced) and
 * {@code banyan_store_durable_writes_total} (writes they covered): their ratio is the mean group size.
 */
public final class StoreMetrics {

    private StoreMetrics() {
    }

    public static void register(Store store, MeterRegistry meters) {
        Gauge.builder(MetricNames.STORE_AVAILABLE, store, s -> s.available() ? 1 : 0)
                .description("1 while the durable store takes writes, 0 while it is unavailable and reopening")
                .register(meters);
        Leadership leadership = store.leadership();
        Gauge.builder(MetricNames.STORE_LEADER, leadership, l -> l.isLeader() ? 1 : 0)
                .description("1 while this replica leads reaping, the migration controller and the rollout driver")
                .register(meters);
        FunctionCounter.builder(MetricNames.STORE_SYNCS, store, Store::syncs)
                .description("group commits of the durable store synced to the disk").register(meters);
        FunctionCounter.builder(MetricNames.STORE_DURABLE_WRITES, store, Store::durableWrites)
                .description("writes to the durable store acknowledged once their group commit was synced")
                .register(meters);
    }
}
