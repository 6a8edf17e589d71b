package io.banyan.sidecar.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shadow-traffic meters of one mirror cluster: requests by {@link MirrorOutcome}, responses by status class,
 * comparisons with the live answer by {@link ComparisonOutcome},
 * and the shadow requests in flight, which is also the count {@link #tryStart(int)} bounds. Every tag comes from a
 * closed set or from config.
 */
public final class MirrorMeters {

    private final Map<MirrorOutcome, Counter> outcomes = new EnumMap<>(MirrorOutcome.class);
    private final Counter[] statusClasses = new Counter[StatusClasses.COUNT];
    private final Map<ComparisonOutcome, Counter> comparisons = new EnumMap<>(ComparisonOutcome.class);
    private final AtomicInteger inFlight = new AtomicInteger();

    MirrorMeters(MeterRegistry registry, String service) {
        for (MirrorOutcome outcome : MirrorOutcome.values()) {
            outcomes.put(outcome, Counter.builder(MetricNames.MIRROR_REQUESTS)
                    .tags("service", service, "outcome", outcome.tag()).register(registry));
        }
        for (int i = 1; i < statusClasses.length; i++) {
            statusClasses[i] = Counter.builder(MetricNames.MIRROR_RESPONSES)
                    .tags("service", service, "status_class", StatusClasses.label(i)).register(registry);
        }
        for (ComparisonOutcome outcome : ComparisonOutcome.values()) {
            comparisons.put(outcome, Counter.builder(MetricNames.SHADOW_COMPARISONS)
                    .tags("service", service, "outcome", outcome.tag()).register(registry));
        }
        Gauge.builder(MetricNames.MIRROR_IN_FLIGHT, inFlight, AtomicInteger::get).tag("service", service)
                .register(registry);
    }

    /** Takes one of {@code max} in-flight slots; false (nothing taken) when all are taken. */
    public boolean tryStart(int max) {
        for (;;) {
            int now = inFlight.get();
            if (now >= max) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot {@link #tryStart(int)} took. */
    public void ended() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void record(MirrorOutcome outcome) {
        outcomes.get(outcome).increment();
    }

    public void record(ComparisonOutcome outcome) {
        comparisons.get(outcome).increment();
    }

    /** Counts a shadow response's status (100..599) by class. */
    public void recordResponse(int status) {
        if (status >= 100 && status < 600) {
            statusClasses[StatusClasses.index(status)].increment();
        }
    }
}
