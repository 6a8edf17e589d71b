package io.banyan.sidecar.xds.lrs;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.LoadReportNames;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One cluster's load since its last report as Envoy's {@link ClusterStats}, with Banyan's extensions (docs/xds.md,
 * "Load reporting"): a locality per zone where requests ended, the requests issued and in progress (the cluster's,
 * counted before an endpoint is picked) on the first locality, the latency sketch and the errors by cause as
 * {@code load_metric_stats}, and for a mirror cluster the shadow outcomes and at most {@value #LoadReportNames.MAX_SAMPLES_PER_REPORT}
 * differing samples (the newest) on the first locality.
 */
final class LoadReportEncoder {

    private static final double MICROS_PER_SECOND = 1_000_000.0;

    private LoadReportEncoder() {
    }

    /** {@code load} and {@code shadow} of one cluster, {@code interval} after its previous report. */
    static ClusterStats encode(ClusterDelta load, ShadowDelta shadow, Duration interval) {
        ClusterStats.Builder stats = ClusterStats.newBuilder()
                .setClusterName(load.cluster())
                .setLoadReportInterval(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(interval.getSeconds()).setNanos(interval.getNano()));
        List<LocalityDelta> localities = load.localities().isEmpty()
                ? List.of(new LocalityDelta("", 0, 0, Map.of(), List.of())) : load.localities();
        for (int i = 0; i < localities.size(); i++) {
            UpstreamLocalityStats.Builder locality = locality(localities.get(i));
            if (i == 0) {
                locality.setTotalIssuedRequests(load.issued()).setTotalRequestsInProgress(load.inProgress());
                addShadow(locality, shadow);
            }
            stats.addUpstreamLocalityStats(locality);
        }
        return stats.build();
    }

    private static UpstreamLocalityStats.Builder locality(LocalityDelta delta) {
        UpstreamLocalityStats.Builder locality = UpstreamLocalityStats.newBuilder()
                .setLocality(Locality.newBuilder().setZone(delta.zone()))
                .setTotalSuccessfulRequests(delta.succeeded())
                .setTotalErrorRequests(delta.errors());
        for (LatencyBucket bucket : delta.latency()) {
            locality.addLoadMetricStats(metric(LoadReportNames.LATENCY_PREFIX + bucket.index(), bucket.count(),
                    bucket.totalMicros() / MICROS_PER_SECOND));
        }
        delta.errorsByCause().forEach((cause, count) -> locality.addLoadMetricStats(metric(LoadReportNames.ERROR_PREFIX + cause, count, count)));
        return locality;
    }

    private static void addShadow(UpstreamLocalityStats.Builder locality, ShadowDelta shadow) {
        addCount(locality, LoadReportNames.SHADOW_EQUAL, shadow.equal());
        addCount(locality, LoadReportNames.SHADOW_DIFFERENT, shadow.different());
        addCount(locality, LoadReportNames.SHADOW_FAILED, shadow.failed());
        addCount(locality, LoadReportNames.SHADOW_DROPPED, shadow.dropped());
        List<ShadowDifference> samples = shadow.samples();
        for (ShadowDifference sample : samples.subList(Math.max(0, samples.size() - LoadReportNames.MAX_SAMPLES_PER_REPORT), samples.size())) {
            locality.addUpstreamEndpointStats(UpstreamEndpointStats.newBuilder()
                    .setMetadata(Struct.newBuilder().putFields(LoadReportNames.SHADOW_DIFFERENCE, Value.newBuilder()
                            .setStructValue(difference(sample)).build())));
        }
    }

    private static Struct difference(ShadowDifference sample) {
        String path = sample.path() == null ? "" : sample.path();
        int query = path.indexOf('?');
        return Struct.newBuilder()
                .putFields(LoadReportNames.SAMPLE_REQUEST_ID, text(sample.requestId()))
                .putFields(LoadReportNames.SAMPLE_METHOD, text(sample.method()))
                .putFields(LoadReportNames.SAMPLE_PATH, text(query < 0 ? path : path.substring(0, query)))
                .putFields(LoadReportNames.SAMPLE_LIVE_STATUS, Value.newBuilder().setNumberValue(sample.liveStatus()).build())
                .putFields(LoadReportNames.SAMPLE_SHADOW_STATUS, Value.newBuilder().setNumberValue(sample.shadowStatus()).build())
                .putFields(LoadReportNames.SAMPLE_KIND, text(sample.kind()))
                .putFields(LoadReportNames.SAMPLE_WHERE, text(sample.where()))
                .putFields(LoadReportNames.SAMPLE_AT, text(Instant.ofEpochMilli(sample.atEpochMillis()).toString()))
                .build();
    }

    private static Value text(String value) {
        String text = value == null ? "" : value;
        return Value.newBuilder().setStringValue(text.length() > LoadReportNames.MAX_SAMPLE_CHARS ? text.substring(0, LoadReportNames.MAX_SAMPLE_CHARS) : text)
                .build();
    }

    private static void addCount(UpstreamLocalityStats.Builder locality, String name, long count) {
        if (count != 0) {
            locality.addLoadMetricStats(metric(name, count, count));
        }
    }

    private static EndpointLoadMetricStats metric(String name, long count, double total) {
        return EndpointLoadMetricStats.newBuilder()
                .setMetricName(name)
                .setNumRequestsFinishedWithMetric(count)
                .setTotalMetricValue(total)
                .build();
    }
}
