package io.banyan.controlplane.migration;

import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The migrations' metrics, fed with every snapshot: the {@code MIGRATIONS} gauge by state and the
 * {@code MIGRATION_EVENTS} counter by type and actor (labels from closed sets only). The events already held when
 * it first hears of the book (a restart) are not counted again.
 */
public final class MigrationMetrics implements MigrationListener {

    private final MeterRegistry meters;
    private final Map<Phase, AtomicInteger> states = new EnumMap<>(Phase.class);
    /** The newest event counted per migration, by name (bounded by the migrations). Guarded by this. */
    private final Map<String, MigrationEvent> counted = new HashMap<>();
    private boolean primed;

    public MigrationMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (Phase phase : Phase.values()) {
            AtomicInteger count = new AtomicInteger();
            states.put(phase, count);
            Gauge.builder(MetricNames.MIGRATIONS, count, AtomicInteger::get).tag("state", phase.wireName())
                    .description("migrations by state").register(meters);
        }
    }

    @Override
    public synchronized void onMigrations(MigrationSnapshot snapshot) {
        Map<Phase, Integer> byState = new EnumMap<>(Phase.class);
        for (Migration migration : snapshot.migrations().values()) {
            byState.merge(migration.state().state(), 1, Integer::sum);
            List<MigrationEvent> events = migration.events();
            if (events.isEmpty()) {
                continue;
            }
            if (primed) {
                MigrationEvent last = counted.get(migration.name());
                int from = last == null ? 0 : events.lastIndexOf(last) + 1;
                events.subList(from, events.size()).forEach(this::count);
            }
            counted.put(migration.name(), events.get(events.size() - 1));
        }
        counted.keySet().retainAll(snapshot.migrations().keySet());
        states.forEach((phase, count) -> count.set(byState.getOrDefault(phase, 0)));
        primed = true;
    }

    private void count(MigrationEvent event) {
        meters.counter(MetricNames.MIGRATION_EVENTS, "type", MigrationEvent.wireName(event.type()),
                "by", MigrationEvent.wireName(event.by())).increment();
    }
}
