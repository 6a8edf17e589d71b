package io.banyan.sidecar.xds.lrs;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.primitives.stats.LatencySketch;
import io.banyan.sidecar.loadstats.ClusterDelta;
import io.banyan.sidecar.loadstats.LatencyBucket;
import io.banyan.sidecar.loadstats.LocalityDelta;
import io.banyan.sidecar.mirror.ShadowDelta;
import io.banyan.sidecar.mirror.ShadowDifference;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.EndpointLoadMetricStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamEndpointStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A cluster's delta as the ClusterStats the control plane reads (docs/xds.md, "Load reporting"). */
class LoadReportEncoderTest {

    private static final int FAST = LatencySketch.indexOf(2_000);
    private static final int SLOW = LatencySketch.indexOf(40_000);

    @Test
    void encodesLocalitiesOutcomesTheSketchAndErrorCausesWithTheIssuedAndInProgressOnTheFirst() {
        ClusterDelta load = new ClusterDelta("migration|orders-move|to", 7, 2, List.of(
                new LocalityDelta("a", 3, 0, Map.of(), List.of(new LatencyBucket(FAST, 3, 6_500))),
                new LocalityDelta("b", 0, 2, Map.of("upstream_reset", 1L, "upstream_5xx", 1L),
                        List.of(new LatencyBucket(SLOW, 2, 81_000)))));

        ClusterStats stats = LoadReportEncoder.encode(load, ShadowDelta.EMPTY, Duration.ofMillis(5_250));

        ClusterStats expected = ClusterStats.newBuilder()
                .setClusterName("migration|orders-move|to")
                .setLoadReportInterval(com.google.protobuf.Duration.newBuilder().setSeconds(5).setNanos(250_000_000))
                .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder()
                        .setLocality(Locality.newBuilder().setZone("a"))
                        .setTotalSuccessfulRequests(3)
                        .setTotalIssuedRequests(7)
                        .setTotalRequestsInProgress(2)
                        .addLoadMetricStats(metric("banyan.latency." + FAST, 3, 0.0065)))
                .addUpstreamLocalityStats(UpstreamLocalityStats.newBuilder()
                        .setLocality(Locality.newBuilder().setZone("b"))
                        .setTotalErrorRequests(2)
                        .addLoadMetricStats(metric("banyan.latency." + SLOW, 2, 0.081))
                        .addLoadMetricStats(metric("banyan.error.upstream_5xx", 1, 1))
                        .addLoadMetricStats(metric("banyan.error.upstream_reset", 1, 1)))
                .build();
        assertThat(stats).isEqualTo(expected);
    }

    @Test
    void aMirrorClusterCarriesItsShadowOutcomesAndTheNewestEightSamplesCutToSize() {
        List<ShadowDifference> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(new ShadowDifference("req-" + i, "GET", "/orders/" + i + "?secret=1", 200, 200, "body",
                    "/total", 1_796_637_600_000L + i));
        }
        samples.set(9, new ShadowDifference("r".repeat(300), "GET", "/orders/9", 200, 500, "status", "", 0));

        ClusterStats stats = LoadReportEncoder.encode(ClusterDelta.empty("migration|orders-move|shadow"),
                new ShadowDelta(88, 2, 1, 0, samples), Duration.ofSeconds(5));

        UpstreamLocalityStats locality = stats.getUpstreamLocalityStats(0);
        assertThat(stats.getUpstreamLocalityStatsCount()).isOne();
        assertThat(locality.getLocality().getZone()).isEmpty();
        assertThat(locality.getLoadMetricStatsList()).containsExactly(
                metric("banyan.shadow.equal", 88, 88),
                metric("banyan.shadow.different", 2, 2),
                metric("banyan.shadow.failed", 1, 1));
        List<Struct> differences = locality.getUpstreamEndpointStatsList().stream()
                .map(UpstreamEndpointStats::getMetadata)
                .map(metadata -> metadata.getFieldsOrThrow("banyan.shadow.difference").getStructValue())
                .toList();
        assertThat(differences).hasSize(8);
        assertThat(differences.get(0)).isEqualTo(Struct.newBuilder()
                .putFields("requestId", text("req-2"))
                .putFields("method", text("GET"))
                .putFields("path", text("/orders/2"))
                .putFields("liveStatus", Value.newBuilder().setNumberValue(200).build())
                .putFields("shadowStatus", Value.newBuilder().setNumberValue(200).build())
                .putFields("kind", text("body"))
                .putFields("where", text("/total"))
                .putFields("at", text(Instant.ofEpochMilli(1_796_637_600_002L).toString()))
                .build());
        Struct last = differences.get(7);
        assertThat(last.getFieldsOrThrow("requestId").getStringValue()).hasSize(256);
        assertThat(last.getFieldsOrThrow("shadowStatus").getNumberValue()).isEqualTo(500);
        assertThat(last.getFieldsOrThrow("at").getStringValue()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void aClusterWithRequestsOnlyInProgressReportsThemOnTheUnknownZone() {
        ClusterStats stats = LoadReportEncoder.encode(new ClusterDelta("orders", 0, 3, List.of()), ShadowDelta.EMPTY,
                Duration.ZERO);

        assertThat(stats.getUpstreamLocalityStatsList()).containsExactly(UpstreamLocalityStats.newBuilder()
                .setLocality(Locality.newBuilder().setZone(""))
                .setTotalRequestsInProgress(3)
                .build());
    }

    private static EndpointLoadMetricStats metric(String name, long count, double total) {
        return EndpointLoadMetricStats.newBuilder()
                .setMetricName(name).setNumRequestsFinishedWithMetric(count).setTotalMetricValue(total).build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }
}
