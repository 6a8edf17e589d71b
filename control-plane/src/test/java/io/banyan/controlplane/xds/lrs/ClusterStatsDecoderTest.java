package io.banyan.controlplane.xds.lrs;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.LoadReportNames;
import io.banyan.controlplane.loadstats.ShadowSample;
import io.banyan.primitives.stats.LatencySketch;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.EndpointLoadMetricStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamEndpointStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Load reports as docs/xds.md describes them, read into deltas; every bad part left out and named. */
class ClusterStatsDecoderTest {

    private final ClusterStatsDecoder decoder = new ClusterStatsDecoder();
    private final List<ReportRejection> rejected = new ArrayList<>();

    private ClusterStatsDecoder.Decoded decode(UpstreamLocalityStats... localities) {
        return decoder.decode(ClusterStats.newBuilder().setClusterName("migration|m|to")
                .addAllUpstreamLocalityStats(List.of(localities)).build(), rejected::add);
    }

    private static EndpointLoadMetricStats metric(String name, long num) {
        return EndpointLoadMetricStats.newBuilder().setMetricName(name).setNumRequestsFinishedWithMetric(num)
                .setTotalMetricValue(0.5).build();
    }

    private static UpstreamLocalityStats.Builder locality(String zone, long ok, long errors, long inProgress) {
        return UpstreamLocalityStats.newBuilder().setLocality(Locality.newBuilder().setZone(zone))
                .setTotalSuccessfulRequests(ok).setTotalErrorRequests(errors).setTotalRequestsInProgress(inProgress)
                .setTotalIssuedRequests(ok + errors + inProgress);
    }

    static Struct sample(String requestId, String kind, String at) {
        return Struct.newBuilder()
                .putFields(LoadReportNames.SAMPLE_REQUEST_ID, text(requestId))
                .putFields(LoadReportNames.SAMPLE_METHOD, text("GET"))
                .putFields(LoadReportNames.SAMPLE_PATH, text("/orders/7"))
                .putFields(LoadReportNames.SAMPLE_LIVE_STATUS, Value.newBuilder().setNumberValue(200).build())
                .putFields(LoadReportNames.SAMPLE_SHADOW_STATUS, Value.newBuilder().setNumberValue(200).build())
                .putFields(LoadReportNames.SAMPLE_KIND, text(kind))
                .putFields(LoadReportNames.SAMPLE_WHERE, text("/total"))
                .putFields(LoadReportNames.SAMPLE_AT, text(at))
                .build();
    }

    static UpstreamEndpointStats endpoint(Struct sample) {
        return UpstreamEndpointStats.newBuilder().setMetadata(Struct.newBuilder()
                .putFields(LoadReportNames.SHADOW_DIFFERENCE, Value.newBuilder().setStructValue(sample).build())).build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    @Test
    void localitiesAddUpIntoOneSideWithItsCausesAndSketch() {
        var decoded = decode(
                locality("a", 90, 3, 2).addLoadMetricStats(metric(LoadReportNames.latency(100), 60))
                        .addLoadMetricStats(metric(LoadReportNames.latency(40), 33))
                        .addLoadMetricStats(metric(LoadReportNames.error(LoadReportNames.UPSTREAM_5XX), 2))
                        .addLoadMetricStats(metric(LoadReportNames.error("upstream_reset"), 1)).build(),
                locality("", 7, 1, 1).addLoadMetricStats(metric(LoadReportNames.latency(100), 8))
                        .addLoadMetricStats(metric(LoadReportNames.error(LoadReportNames.UPSTREAM_5XX), 1)).build());

        assertThat(decoded.side().requests()).isEqualTo(101);
        assertThat(decoded.side().errors()).isEqualTo(4);
        assertThat(decoded.side().inProgress()).isEqualTo(3);
        assertThat(decoded.side().errorsByCause()).containsExactlyInAnyOrderEntriesOf(
                Map.of("upstream_5xx", 3L, "upstream_reset", 1L));
        assertThat(decoded.side().latency()).isEqualTo(LatencySketch.of(new int[] {40, 100}, new long[] {33, 68}));
        assertThat(decoded.shadow().compared()).isZero();
        assertThat(rejected).isEmpty();
    }

    @Test
    void shadowOutcomesAndSamplesOfTheFirstLocalityAreRead() {
        UpstreamLocalityStats.Builder first = locality("a", 5, 0, 0)
                .addLoadMetricStats(metric(LoadReportNames.SHADOW_EQUAL, 3))
                .addLoadMetricStats(metric(LoadReportNames.SHADOW_DIFFERENT, 2))
                .addLoadMetricStats(metric(LoadReportNames.SHADOW_FAILED, 1))
                .addLoadMetricStats(metric(LoadReportNames.SHADOW_DROPPED, 4))
                .addUpstreamEndpointStats(endpoint(sample("r1", "body", "2026-12-07T10:00:00Z")))
                .addUpstreamEndpointStats(endpoint(sample("r2", "header", "2026-12-07T10:00:01.5Z")));
        UpstreamLocalityStats.Builder second = locality("b", 1, 0, 0)
                .addLoadMetricStats(metric(LoadReportNames.SHADOW_EQUAL, 1))
                .addUpstreamEndpointStats(endpoint(sample("elsewhere", "body", "2026-12-07T10:00:00Z")));

        var decoded = decode(first.build(), second.build());
        assertThat(decoded.shadow().equal()).isEqualTo(4);
        assertThat(decoded.shadow().different()).isEqualTo(2);
        assertThat(decoded.shadow().compared()).isEqualTo(6);
        assertThat(decoded.shadow().failed()).isEqualTo(1);
        assertThat(decoded.shadow().dropped()).isEqualTo(4);
        assertThat(decoded.shadow().samples()).containsExactly(
                new ShadowSample("r1", "GET", "/orders/7", 200, 200, "body", "/total",
                        Instant.parse("2026-12-07T10:00:00Z")),
                new ShadowSample("r2", "GET", "/orders/7", 200, 200, "header", "/total",
                        Instant.parse("2026-12-07T10:00:01.5Z")));
        assertThat(rejected).isEmpty();
    }

    @Test
    void unknownMetricsBadCausesAndBadSketchesAreLeftOutAndNamed() {
        var decoded = decode(
                locality("a", 10, 2, 0)
                        .addLoadMetricStats(metric("cpu", 1))
                        .addLoadMetricStats(metric("banyan.shadow.maybe", 1))
                        .addLoadMetricStats(metric(LoadReportNames.error("Upstream-5xx"), 1))
                        .addLoadMetricStats(metric(LoadReportNames.error("x".repeat(41)), 1))
                        .addLoadMetricStats(metric(LoadReportNames.error(""), 1))
                        .addLoadMetricStats(metric(LoadReportNames.error(LoadReportNames.UPSTREAM_5XX), 2))
                        .addLoadMetricStats(metric(LoadReportNames.latency(LatencySketch.BUCKETS), 1)).build(),
                locality("b", 1, 0, 0).addLoadMetricStats(metric(LoadReportNames.latency(3), 1))
                        .addLoadMetricStats(metric(LoadReportNames.latency(3), 1)).build(),
                locality("c", 1, 0, 0).addLoadMetricStats(metric("banyan.latency.-1", 1)).build(),
                locality("d", 1, 0, 0).addLoadMetricStats(metric(LoadReportNames.latency(5), -1)).build(),
                locality("e", 1, 0, 0).addLoadMetricStats(metric(LoadReportNames.latency(7), 1)).build());

        assertThat(decoded.side().requests()).isEqualTo(16);
        assertThat(decoded.side().errorsByCause()).containsExactlyEntriesOf(Map.of("upstream_5xx", 2L));
        assertThat(decoded.side().latency()).as("only the good locality's sketch")
                .isEqualTo(LatencySketch.of(new int[] {7}, new long[] {1}));
        assertThat(rejected).containsExactlyInAnyOrder(ReportRejection.UNKNOWN_METRIC, ReportRejection.UNKNOWN_METRIC,
                ReportRejection.BAD_CAUSE, ReportRejection.BAD_CAUSE, ReportRejection.BAD_CAUSE,
                ReportRejection.BAD_SKETCH, ReportRejection.BAD_SKETCH, ReportRejection.BAD_SKETCH,
                ReportRejection.BAD_SKETCH);
    }

    @Test
    void aLocalityWithANegativeOrOverflowingCountIsLeftOutWhole() {
        var decoded = decode(
                locality("a", -1, 0, 0).addLoadMetricStats(metric(LoadReportNames.latency(1), 1)).build(),
                locality("b", Long.MAX_VALUE, 0, 0).build(),
                locality("c", 0, 5, 0).build(),
                locality("d", 1, 1, 1).addLoadMetricStats(metric(LoadReportNames.error("upstream_timeout"), 5)).build());

        assertThat(decoded.side().requests()).as("b only (c and d would overflow)").isEqualTo(Long.MAX_VALUE);
        assertThat(decoded.side().errors()).isZero();
        assertThat(decoded.side().inProgress()).isZero();
        assertThat(decoded.side().latency().isEmpty()).isTrue();
        assertThat(decoded.side().errorsByCause()).isEmpty();
        assertThat(rejected).containsExactly(ReportRejection.BAD_COUNT, ReportRejection.BAD_COUNT,
                ReportRejection.BAD_COUNT);
    }

    @Test
    void aMetricWithANegativeCountIsLeftOut() {
        var decoded = decode(locality("a", 1, 1, 0)
                .addLoadMetricStats(metric(LoadReportNames.error("upstream_timeout"), -5))
                .addLoadMetricStats(metric(LoadReportNames.error("upstream_reset"), 1))
                .addLoadMetricStats(metric(LoadReportNames.SHADOW_FAILED, -1))
                .addLoadMetricStats(metric(LoadReportNames.SHADOW_EQUAL, 2)).build());

        assertThat(decoded.side().requests()).isEqualTo(2);
        assertThat(decoded.side().errorsByCause()).containsExactlyEntriesOf(Map.of("upstream_reset", 1L));
        assertThat(decoded.shadow().failed()).isZero();
        assertThat(decoded.shadow().equal()).isEqualTo(2);
        assertThat(rejected).containsExactly(ReportRejection.BAD_COUNT, ReportRejection.BAD_COUNT);
    }

    @Test
    void atMost32CausesPerReport() {
        UpstreamLocalityStats.Builder locality = locality("a", 0, 40, 0);
        for (int i = 0; i < 40; i++) {
            locality.addLoadMetricStats(metric(LoadReportNames.error("cause_" + i), 1));
        }
        var decoded = decode(locality.build());
        assertThat(decoded.side().errorsByCause()).hasSize(32);
        assertThat(decoded.side().errors()).isEqualTo(40);
        assertThat(rejected).hasSize(8).containsOnly(ReportRejection.CAUSE_LIMIT);
    }

    @Test
    void malformedSamplesAndSamplesBeyondEightAreLeftOut() {
        UpstreamLocalityStats.Builder locality = locality("a", 0, 0, 0)
                .addUpstreamEndpointStats(endpoint(sample("r", "teapot", "2026-12-07T10:00:00Z")))
                .addUpstreamEndpointStats(endpoint(sample("r", "body", "yesterday")))
                .addUpstreamEndpointStats(endpoint(sample("r".repeat(257), "body", "2026-12-07T10:00:00Z")))
                .addUpstreamEndpointStats(endpoint(sample("r", "body", "2026-12-07T10:00:00Z").toBuilder()
                        .putFields(LoadReportNames.SAMPLE_LIVE_STATUS, Value.newBuilder().setNumberValue(200.5).build())
                        .build()))
                .addUpstreamEndpointStats(endpoint(sample("r", "body", "2026-12-07T10:00:00Z").toBuilder()
                        .removeFields(LoadReportNames.SAMPLE_WHERE).build()))
                .addUpstreamEndpointStats(UpstreamEndpointStats.getDefaultInstance());
        for (int i = 0; i < 10; i++) {
            locality.addUpstreamEndpointStats(endpoint(sample("ok" + i, "status", "2026-12-07T10:00:00Z")));
        }
        var decoded = decode(locality.build());
        assertThat(decoded.shadow().samples()).extracting(ShadowSample::requestId)
                .containsExactly("ok0", "ok1", "ok2", "ok3", "ok4", "ok5", "ok6", "ok7");
        assertThat(rejected).containsExactly(ReportRejection.BAD_SAMPLE, ReportRejection.BAD_SAMPLE,
                ReportRejection.BAD_SAMPLE, ReportRejection.BAD_SAMPLE, ReportRejection.BAD_SAMPLE,
                ReportRejection.BAD_SAMPLE, ReportRejection.SAMPLE_LIMIT, ReportRejection.SAMPLE_LIMIT);
    }

    @Test
    void aClusterWithoutLocalitiesIsEmpty() {
        var decoded = decode();
        assertThat(decoded.side().requests()).isZero();
        assertThat(decoded.shadow().samples()).isEmpty();
    }
}
