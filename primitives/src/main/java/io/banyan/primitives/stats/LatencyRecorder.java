package io.banyan.primitives.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records durations into a {@link LatencySketch} from any thread without locks (one atomic add per duration), and
 * hands out what was recorded since the last {@link #drain}: a reporter sends deltas, the receiver sums them.
 */
public final class LatencyRecorder {

    private final AtomicLongArray buckets = new AtomicLongArray(LatencySketch.BUCKETS);

    public void record(long micros) {
        buckets.incrementAndGet(LatencySketch.indexOf(micros));
    }

    /**
     * What was recorded since the last drain, taken out of the recorder; a duration recorded concurrently lands in
     * this sketch or the next one, never in both or neither.
     */
    public LatencySketch drain() {
        LatencySketch.Builder builder = new LatencySketch.Builder();
        for (int i = 0; i < LatencySketch.BUCKETS; i++) {
            if (buckets.get(i) != 0) {
                builder.add(i, buckets.getAndSet(i, 0));
            }
        }
        return builder.build();
    }
}
