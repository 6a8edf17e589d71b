/**
 * Request statistics the data plane records and the control plane merges: a {@link
 * io.banyan.primitives.stats.LatencySketch} of durations in log-linear buckets that sums across reporters and time,
 * and its lock-free {@link io.banyan.primitives.stats.LatencyRecorder} for the request path.
 */
package io.banyan.primitives.stats;
