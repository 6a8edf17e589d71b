package io.banyan.e2e;

import io.banyan.e2e.support.PromQlMetricNames;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The tokenizer the dashboard and alert checks rely on. */
class PromQlMetricNamesTest {

    private static final String SCRAPE = """
            # HELP banyan_requests_seconds
            # TYPE banyan_requests_seconds histogram
            banyan_requests_seconds_bucket{service="a",le="0.005"} 1
            banyan_requests_seconds_count{service="a"} 1
            banyan_requests_seconds_sum{service="a"} 0.001
            # TYPE banyan_retries_total counter
            banyan_retries_total{service="a"} 0.0
            # TYPE banyan_xds_connected gauge
            banyan_xds_connected 1.0
            """;

    @Test
    void namesAreReadOutsideStringsAndCommentsWithTheirSuffixes() {
        String expr = """
                histogram_quantile(0.99, sum by (le, service) (rate(banyan_requests_seconds_bucket{cause="banyan_not_a_metric"}[5m])))
                / on(service) banyan_retries_total # banyan_commented_out
                and banyan:recorded:rate5m""";

        assertThat(PromQlMetricNames.of(expr)).containsExactly("banyan_requests_seconds_bucket", "banyan_retries_total");
    }

    @Test
    void aBareHistogramNameOrABucketOfACounterIsMissing() {
        var missing = PromQlMetricNames.missing(Set.of("banyan_requests_seconds", "banyan_requests_seconds_count",
                "banyan_requests_seconds_bucket", "banyan_retries_total", "banyan_retries_bucket", "banyan_xds_connected",
                "banyan_nowhere_total"), List.of(SCRAPE));

        assertThat(missing).containsOnlyKeys("banyan_requests_seconds", "banyan_retries_bucket", "banyan_nowhere_total");
        assertThat(missing.get("banyan_requests_seconds")).contains("histogram");
    }
}
