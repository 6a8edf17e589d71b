package io.banyan.bench.xds;

import io.banyan.primitives.stats.LatencyRecorder;
import io.banyan.primitives.stats.LatencySketch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Durations recorded from any thread into the primitives' {@link LatencySketch} (quantiles within 6.25 %), plus the
 * exact maximum, summarized once at the end of a phase.
 */
public final class Latencies {

    private final LatencyRecorder recorder = new LatencyRecorder();
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicLong count = new AtomicLong();

    public void recordNanos(long nanos) {
        long bounded = Math.max(0, nanos);
        recorder.record(bounded / 1_000);
        maxNanos.accumulateAndGet(bounded, Math::max);
        count.incrementAndGet();
    }

    /** What was recorded so far; call once, at the end (it drains the recorder). */
    public Summary summarize() {
        LatencySketch sketch = recorder.drain();
        double max = maxNanos.get() / 1e6;
        return new Summary(count.get(), millis(sketch, 0.5, max), millis(sketch, 0.9, max),
                millis(sketch, 0.99, max), max);
    }

    /** A quantile as its bucket's middle, but never above the exact maximum. */
    private static double millis(LatencySketch sketch, double q, double max) {
        return Math.min(max, sketch.quantileMicros(q).orElse(0) / 1e3);
    }

    /** Milliseconds; quantiles are bucket middles, max is exact. */
    public record Summary(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
    }
}
