package io.banyan.sidecar.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The gauges of one cluster, registered together and removed together: a cluster that leaves the config loses its
 * gauge series (a gauge left at 0 would keep alerts such as "no healthy endpoints" firing for a service that is gone),
 * and gets them back when it returns. The state they read outlives them; registering and removing are idempotent.
 */
public final class ClusterGauges {

    private final MeterRegistry registry;
    private final List<Gauge.Builder<?>> builders = new ArrayList<>();
    private final List<Gauge> registered = new ArrayList<>();

    public ClusterGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Adds a gauge to the group and registers it now. */
    public synchronized void add(Gauge.Builder<?> builder) {
        builders.add(builder);
        registered.add(builder.register(registry));
    }

    /** The cluster is in the config: its gauges are registered (again, after {@link #remove}). */
    public synchronized void register() {
        if (registered.isEmpty()) {
            builders.forEach(builder -> registered.add(builder.register(registry)));
        }
    }

    /** The cluster left the config: its gauges are removed from the registry until {@link #register}. */
    public synchronized void remove() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
