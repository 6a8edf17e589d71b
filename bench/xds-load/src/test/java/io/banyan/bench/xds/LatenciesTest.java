package io.banyan.bench.xds;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatenciesTest {

    @Test
    void quantiles_are_within_the_sketchs_precision_and_the_maximum_is_exact() {
        Latencies latencies = new Latencies();
        for (int ms = 1; ms <= 1000; ms++) {
            latencies.recordNanos(ms * 1_000_000L);
        }
        Latencies.Summary summary = latencies.summarize();
        assertThat(summary.count()).isEqualTo(1000);
        assertThat(summary.p50Ms()).isCloseTo(500, within(500 * 0.0625));
        assertThat(summary.p90Ms()).isCloseTo(900, within(900 * 0.0625));
        assertThat(summary.p99Ms()).isCloseTo(990, within(990 * 0.0625));
        assertThat(summary.maxMs()).isEqualTo(1000.0);
    }

    @Test
    void a_quantile_never_exceeds_the_maximum() {
        Latencies latencies = new Latencies();
        latencies.recordNanos(2_913_700_000L);
        Latencies.Summary summary = latencies.summarize();
        assertThat(summary.p99Ms()).isLessThanOrEqualTo(summary.maxMs()).isEqualTo(2913.7);
    }

    @Test
    void nothing_recorded_is_all_zero_and_a_negative_duration_counts_as_zero() {
        assertThat(new Latencies().summarize()).isEqualTo(new Latencies.Summary(0, 0, 0, 0, 0));
        Latencies latencies = new Latencies();
        latencies.recordNanos(-5);
        assertThat(latencies.summarize().maxMs()).isZero();
    }
}
