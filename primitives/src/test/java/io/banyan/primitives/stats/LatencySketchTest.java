package io.banyan.primitives.stats;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencySketchTest {

    @Test
    void everyDurationFallsInTheBucketThatSpansIt() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long micros = random.nextLong(LatencySketch.MAX_MICROS);
            int index = LatencySketch.indexOf(micros);
            assertThat(LatencySketch.lowerMicros(index)).isLessThanOrEqualTo(micros);
            assertThat(LatencySketch.upperMicros(index)).isGreaterThan(micros);
        }
        for (int index = 0; index + 1 < LatencySketch.BUCKETS; index++) {
            assertThat(LatencySketch.upperMicros(index)).isEqualTo(LatencySketch.lowerMicros(index + 1));
            assertThat(LatencySketch.indexOf(LatencySketch.lowerMicros(index))).isEqualTo(index);
        }
        assertThat(LatencySketch.indexOf(-5)).isZero();
        assertThat(LatencySketch.indexOf(Long.MAX_VALUE)).isEqualTo(LatencySketch.BUCKETS - 1);
    }

    @Test
    void quantilesAreWithinTheBucketWidth() {
        LatencySketch.Builder builder = new LatencySketch.Builder();
        for (int ms = 1; ms <= 1000; ms++) {
            builder.record(ms * 1000L);
        }
        LatencySketch sketch = builder.build();
        assertThat(sketch.count()).isEqualTo(1000);
        assertThat((double) sketch.quantileMicros(0.5).orElseThrow()).isCloseTo(500_000, within(500_000 * 0.0625));
        assertThat((double) sketch.quantileMicros(0.99).orElseThrow()).isCloseTo(990_000, within(990_000 * 0.0625));
        assertThat(sketch.quantile(1.0)).isBetween(Duration.ofMillis(937), Duration.ofMillis(1063));
        assertThat(LatencySketch.empty().quantileMicros(0.99)).isEmpty();
        assertThat(LatencySketch.empty().quantile(0.99)).isZero();
    }

    @Test
    void sketchesOfPartsMergeIntoTheSketchOfTheWhole() {
        LatencySketch.Builder whole = new LatencySketch.Builder();
        LatencySketch.Builder left = new LatencySketch.Builder();
        LatencySketch.Builder right = new LatencySketch.Builder();
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            long micros = random.nextLong(5_000_000);
            whole.record(micros);
            (i % 3 == 0 ? left : right).record(micros);
        }
        assertThat(left.build().merge(right.build())).isEqualTo(whole.build());
        assertThat(whole.build().merge(LatencySketch.empty())).isEqualTo(whole.build());
    }

    @Test
    void aDecodedSketchIsCheckedAndNamesWhatWasWrong() {
        assertThat(LatencySketch.of(new int[] {3, 40}, new long[] {2, 5}).count()).isEqualTo(7);
        assertThatThrownBy(() -> LatencySketch.of(new int[] {40, 3}, new long[] {1, 1}))
                .hasMessageContaining("bucket index 3 (expected: ascending");
        assertThatThrownBy(() -> LatencySketch.of(new int[] {LatencySketch.BUCKETS}, new long[] {1}))
                .hasMessageContaining("expected: ascending, from 0 to " + (LatencySketch.BUCKETS - 1));
        assertThatThrownBy(() -> LatencySketch.of(new int[] {1}, new long[] {-1}))
                .hasMessageContaining("count -1 in bucket 1 (expected: >= 0)");
        assertThatThrownBy(() -> LatencySketch.of(new int[] {1}, new long[0]))
                .hasMessageContaining("expected: as many of each");
        assertThatThrownBy(() -> LatencySketch.empty().quantileMicros(1.5))
                .hasMessageContaining("expected: from 0 to 1");
        assertThatThrownBy(() -> LatencySketch.of(new int[] {1, 2}, new long[] {1L << 62, 1L << 62}))
                .as("counts whose sum is beyond a long: refused, never wrapped negative")
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void theRecorderHandsOutWhatCameSinceTheLastDrain() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    recorder.record(i);
                }
            });
            threads[t].start();
        }
        long drained = 0;
        for (Thread thread : threads) {
            drained += recorder.drain().count();
            thread.join();
        }
        drained += recorder.drain().count();
        assertThat(drained).isEqualTo(40_000);
        assertThat(recorder.drain().isEmpty()).isTrue();
    }
}
