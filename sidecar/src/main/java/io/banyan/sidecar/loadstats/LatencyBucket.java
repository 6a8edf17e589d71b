package io.banyan.sidecar.loadstats;

/**
 * The durations that fell in one {@link io.banyan.primitives.stats.LatencySketch} bucket since the last report: how
 * many, and their sum in microseconds.
 */
public record LatencyBucket(int index, long count, long totalMicros) {
}
