package io.banyan.sidecar.metrics;

import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;

/**
 * The one set of latency histogram buckets of the sidecar's timers, chosen for SLOs rather than spread evenly: a
 * latency objective is written as "this share of requests within X", and Prometheus answers that exactly only
 * where X is a bucket boundary ({@code le}). The boundaries are the thresholds such objectives use, from a
 * loopback hop (5 ms) to the longest default route timeout (10 s): 5, 10, 25, 50, 100, 250, 500 ms, 1, 2.5, 5, 10 s
 * (and {@code +Inf}). Twelve series per histogram, where Micrometer's default percentile histogram has about 70.
 */
public final class LatencyBuckets {

    /** The boundaries, ascending. */
    public static final List<Duration> SLO_BOUNDARIES = List.of(
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10));

    private static final Duration[] BOUNDARIES = SLO_BOUNDARIES.toArray(new Duration[0]);

    private LatencyBuckets() {
    }

    /** {@code timer} with the SLO buckets published (and no client-side percentiles). */
    public static Timer.Builder slo(Timer.Builder timer) {
        return timer.serviceLevelObjectives(BOUNDARIES)
                .minimumExpectedValue(BOUNDARIES[0])
                .maximumExpectedValue(BOUNDARIES[BOUNDARIES.length - 1]);
    }
}
