package io.banyan.sidecar.loadstats;

import io.banyan.primitives.stats.LatencyRecorder;
import io.banyan.primitives.stats.LatencySketch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What ended in one zone of one cluster: lock-free counters any event loop adds to (nothing allocated per request),
 * drained into a {@link LocalityDelta} by the reporter. A request counted during a drain lands in this delta or the
 * next, never lost; only its duration's sum may land one report after its count.
 */
final class LocalityCounters {

    private final String zone;
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLongArray errorsByCause = new AtomicLongArray(LoadOutcome.CAUSE_SLOTS);
    private final LatencyRecorder latency = new LatencyRecorder();
    private final AtomicLongArray latencyMicros = new AtomicLongArray(LatencySketch.BUCKETS);

    LocalityCounters(String zone) {
        this.zone = zone;
    }

    String zone() {
        return zone;
    }

    /** A request ended: {@code slot} as {@link LoadOutcome#causeSlot} says, after {@code micros}. */
    void ended(int slot, long micros) {
        if (slot == LoadOutcome.SUCCESS) {
            succeeded.increment();
        } else if (slot >= 0) {
            errors.increment();
            errorsByCause.incrementAndGet(slot);
        }
        latency.record(micros);
        latencyMicros.addAndGet(LatencySketch.indexOf(micros), Math.max(micros, 0));
    }

    /** What ended since the last drain, taken out of the counters. */
    LocalityDelta drain() {
        long ok = succeeded.sumThenReset();
        long failed = errors.sumThenReset();
        Map<String, Long> causes = new HashMap<>();
        for (int slot = 0; slot < LoadOutcome.CAUSE_SLOTS; slot++) {
            if (errorsByCause.get(slot) != 0) {
                causes.put(LoadOutcome.token(slot), errorsByCause.getAndSet(slot, 0));
            }
        }
        List<LatencyBucket> buckets = new ArrayList<>();
        latency.drain().forEach((index, count) ->
                buckets.add(new LatencyBucket(index, count, latencyMicros.getAndSet(index, 0))));
        return new LocalityDelta(zone, ok, failed, causes, buckets);
    }
}
