package io.banyan.primitives.stats;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A mergeable histogram of durations, in microseconds: exact below 16 µs, then 16 log-linear buckets per power of two
 * (a bucket is at most 1/16 of its lower bound wide, so a quantile is within 6.25 % of the true value), up to
 * {@link #MAX_MICROS} (longer durations count in the last bucket). Two sketches of the same requests split any way
 * merge into the sketch of all of them, which is what lets the control plane sum the reports of many sidecars over a
 * window. Immutable and sparse (only non-empty buckets); a bucket is named by its {@link #indexOf index}, which is
 * what goes on the wire.
 */
public final class LatencySketch {

    /** Sub-buckets per power of two. */
    static final int SUB_BUCKETS = 16;
    private static final int SUB_BITS = 4;
    /** The largest duration told apart: about 203 days. */
    public static final long MAX_MICROS = (1L << 44) - 1;
    /** The number of buckets: indexes run from 0 to {@code BUCKETS - 1}. */
    public static final int BUCKETS = indexOf(MAX_MICROS) + 1;

    private static final LatencySketch EMPTY = new LatencySketch(new int[0], new long[0], 0);

    private final int[] indexes;
    private final long[] counts;
    private final long count;

    private LatencySketch(int[] indexes, long[] counts, long count) {
        this.indexes = indexes;
        this.counts = counts;
        this.count = count;
    }

    public static LatencySketch empty() {
        return EMPTY;
    }

    /**
     * The sketch with {@code counts[i]} durations in bucket {@code indexes[i]}, e.g. as decoded from a report.
     *
     * @throws ArithmeticException      when the counts add up beyond a long
     * @throws IllegalArgumentException naming what was wrong: an index out of range or not ascending, a negative
     *                                  count, arrays of different lengths
     */
    public static LatencySketch of(int[] indexes, long[] counts) {
        if (indexes.length != counts.length) {
            throw new IllegalArgumentException("latency sketch: " + indexes.length + " indexes and " + counts.length
                    + " counts (expected: as many of each)");
        }
        Builder builder = new Builder();
        int previous = -1;
        for (int i = 0; i < indexes.length; i++) {
            if (indexes[i] <= previous || indexes[i] >= BUCKETS) {
                throw new IllegalArgumentException("latency sketch: bucket index " + indexes[i]
                        + " (expected: ascending, from 0 to " + (BUCKETS - 1) + ")");
            }
            if (counts[i] < 0) {
                throw new IllegalArgumentException("latency sketch: count " + counts[i] + " in bucket " + indexes[i]
                        + " (expected: >= 0)");
            }
            previous = indexes[i];
            builder.add(indexes[i], counts[i]);
        }
        return builder.build();
    }

    /** The bucket of a duration of {@code micros} (negative counts as 0, beyond {@link #MAX_MICROS} as the last). */
    public static int indexOf(long micros) {
        long value = Math.min(Math.max(micros, 0), MAX_MICROS);
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The smallest duration, in microseconds, that falls in bucket {@code index}. */
    public static long lowerMicros(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
        long sub = index % SUB_BUCKETS;
        return (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
    }

    /** The smallest duration, in microseconds, beyond bucket {@code index}. */
    public static long upperMicros(int index) {
        return index < SUB_BUCKETS ? index + 1 : lowerMicros(index) + (1L << (index / SUB_BUCKETS - 1));
    }

    /** How many durations the sketch holds. */
    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** This sketch and {@code other} together. */
    public LatencySketch merge(LatencySketch other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new Builder().addAll(this).addAll(other).build();
    }

    /**
     * The duration below which a share {@code q} (0 to 1) of the durations fall, in microseconds, as the middle of
     * its bucket; empty when the sketch is.
     */
    public OptionalLong quantileMicros(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile: " + q + " (expected: from 0 to 1)");
        }
        if (count == 0) {
            return OptionalLong.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < indexes.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return OptionalLong.of(middleMicros(indexes[i]));
            }
        }
        return OptionalLong.of(middleMicros(indexes[indexes.length - 1]));
    }

    /** {@link #quantileMicros} as a duration; {@link Duration#ZERO} when the sketch is empty. */
    public Duration quantile(double q) {
        return Duration.ofNanos(quantileMicros(q).orElse(0) * 1_000);
    }

    /** Each non-empty bucket, by ascending index. */
    public void forEach(BucketConsumer consumer) {
        for (int i = 0; i < indexes.length; i++) {
            consumer.accept(indexes[i], counts[i]);
        }
    }

    /** The number of non-empty buckets. */
    public int buckets() {
        return indexes.length;
    }

    private static long middleMicros(int index) {
        long lower = lowerMicros(index);
        return lower + (upperMicros(index) - lower - 1) / 2;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatencySketch sketch && Arrays.equals(indexes, sketch.indexes)
                && Arrays.equals(counts, sketch.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indexes) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencySketch[count=" + count + ", p50=" + quantileMicros(0.5) + "us, p99=" + quantileMicros(0.99)
                + "us]";
    }

    /** One non-empty bucket. */
    @FunctionalInterface
    public interface BucketConsumer {
        void accept(int index, long count);
    }

    /** Sums buckets (dense while it builds), then gives the sparse sketch. Not thread-safe. */
    public static final class Builder {

        private final long[] dense = new long[BUCKETS];

        /** One duration. */
        public Builder record(long micros) {
            dense[indexOf(micros)]++;
            return this;
        }

        /** {@code count} durations in bucket {@code index}. */
        public Builder add(int index, long count) {
            if (index < 0 || index >= BUCKETS) {
                throw new IllegalArgumentException("latency sketch: bucket index " + index + " (expected: from 0 to "
                        + (BUCKETS - 1) + ")");
            }
            dense[index] = Math.addExact(dense[index], count);
            return this;
        }

        public Builder addAll(LatencySketch sketch) {
            sketch.forEach(this::add);
            return this;
        }

        public LatencySketch build() {
            int size = 0;
            for (long c : dense) {
                if (c != 0) {
                    size++;
                }
            }
            if (size == 0) {
                return EMPTY;
            }
            int[] indexes = new int[size];
            long[] counts = new long[size];
            long total = 0;
            int at = 0;
            for (int i = 0; i < dense.length; i++) {
                if (dense[i] != 0) {
                    indexes[at] = i;
                    counts[at++] = dense[i];
                    total = Math.addExact(total, dense[i]); // a count beyond a long is refused, never wrapped
                }
            }
            return new LatencySketch(indexes, counts, total);
        }
    }
}
