package io.banyan.controlplane.xds.lrs;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.LoadReportNames;
import io.banyan.controlplane.loadstats.LoadStore;
import io.banyan.controlplane.loadstats.ShadowSample;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.primitives.stats.LatencySketch;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.config.endpoint.v3.EndpointLoadMetricStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamEndpointStats;
import io.envoyproxy.envoy.config.endpoint.v3.UpstreamLocalityStats;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads one {@link ClusterStats} of a load report (docs/xds.md, "Load reporting") into the deltas the store adds:
 * requests that ended (successful plus failed, over every locality), errors and errors by cause, in-progress, the
 * latency sketch, shadow outcomes and differing samples. Untrusted input: each bad part (a locality with a negative
 * count, a metric of an unknown name, a bad cause or sketch, a malformed or surplus sample) is left out and told to
 * {@code rejected}; decoding never throws. {@code total_issued_requests}, the latency sums in seconds and Envoy's
 * own utilization and drop fields are not kept.
 */
final class ClusterStatsDecoder {

    private static final Pattern CAUSE = Pattern.compile(LoadReportNames.CAUSE_PATTERN);
    private static final Set<String> KINDS = Set.copyOf(LoadReportNames.SAMPLE_KINDS);
    private static final Set<String> SHADOW_OUTCOMES = Set.of(LoadReportNames.SHADOW_EQUAL,
            LoadReportNames.SHADOW_DIFFERENT, LoadReportNames.SHADOW_FAILED, LoadReportNames.SHADOW_DROPPED);

    /** One cluster's deltas. */
    record Decoded(SideStats side, ShadowStats shadow) {
    }

    Decoded decode(ClusterStats stats, Consumer<ReportRejection> rejected) {
        Sums sums = new Sums(rejected);
        for (UpstreamLocalityStats locality : stats.getUpstreamLocalityStatsList()) {
            sums.add(locality);
        }
        List<ShadowSample> samples = stats.getUpstreamLocalityStatsCount() == 0 ? List.of()
                : samples(stats.getUpstreamLocalityStats(0).getUpstreamEndpointStatsList(), rejected);
        return new Decoded(
                new SideStats(sums.succeeded + sums.errors, sums.errors, sums.causes, sums.inProgress, sums.latency),
                new ShadowStats(sums.equal + sums.different, sums.equal, sums.different, sums.failed, sums.dropped,
                        samples));
    }

    /** What the localities of one ClusterStats add up to. */
    private static final class Sums {

        private final Consumer<ReportRejection> rejected;
        long succeeded;
        long errors;
        long inProgress;
        final Map<String, Long> causes = new HashMap<>();
        LatencySketch latency = LatencySketch.empty();
        long equal;
        long different;
        long failed;
        long dropped;

        Sums(Consumer<ReportRejection> rejected) {
            this.rejected = rejected;
        }

        void add(UpstreamLocalityStats locality) {
            try {
                long ok = count(locality.getTotalSuccessfulRequests());
                long failedRequests = count(locality.getTotalErrorRequests());
                long running = count(locality.getTotalRequestsInProgress());
                long nextSucceeded = Math.addExact(succeeded, ok);
                long nextErrors = Math.addExact(errors, failedRequests);
                Math.addExact(nextSucceeded, nextErrors); // requests = succeeded + errors must fit
                inProgress = Math.addExact(inProgress, running);
                succeeded = nextSucceeded;
                errors = nextErrors;
            } catch (ArithmeticException e) {
                rejected.accept(ReportRejection.BAD_COUNT);
                return;
            }
            Map<Integer, Long> buckets = new TreeMap<>();
            boolean repeated = false;
            for (EndpointLoadMetricStats metric : locality.getLoadMetricStatsList()) {
                String name = metric.getMetricName();
                long num = metric.getNumRequestsFinishedWithMetric();
                if (name.startsWith(LoadReportNames.LATENCY_PREFIX)) {
                    repeated |= buckets.put(bucket(name.substring(LoadReportNames.LATENCY_PREFIX.length())), num) != null;
                } else if (name.startsWith(LoadReportNames.ERROR_PREFIX)) {
                    cause(name.substring(LoadReportNames.ERROR_PREFIX.length()), num);
                } else {
                    shadow(name, num);
                }
            }
            if (repeated) {
                rejected.accept(ReportRejection.BAD_SKETCH);
            } else if (!buckets.isEmpty()) {
                sketch(buckets);
            }
        }

        private void cause(String cause, long num) {
            if (!CAUSE.matcher(cause).matches()) {
                rejected.accept(ReportRejection.BAD_CAUSE);
            } else if (!causes.containsKey(cause) && causes.size() >= LoadStore.MAX_CAUSES) {
                rejected.accept(ReportRejection.CAUSE_LIMIT);
            } else {
                try {
                    causes.put(cause, Math.addExact(causes.getOrDefault(cause, 0L), count(num)));
                } catch (ArithmeticException e) {
                    rejected.accept(ReportRejection.BAD_COUNT);
                }
            }
        }

        private void shadow(String name, long num) {
            if (!SHADOW_OUTCOMES.contains(name)) {
                rejected.accept(ReportRejection.UNKNOWN_METRIC);
                return;
            }
            try {
                long n = count(num);
                switch (name) {
                    case LoadReportNames.SHADOW_EQUAL -> equal = compared(equal, n);
                    case LoadReportNames.SHADOW_DIFFERENT -> different = compared(different, n);
                    case LoadReportNames.SHADOW_FAILED -> failed = Math.addExact(failed, n);
                    default -> dropped = Math.addExact(dropped, n);
                }
            } catch (ArithmeticException e) {
                rejected.accept(ReportRejection.BAD_COUNT);
            }
        }

        /** {@code outcome + n}, checking that compared (equal plus different) still fits. */
        private long compared(long outcome, long n) {
            Math.addExact(Math.addExact(equal, different), n);
            return outcome + n;
        }

        /** The locality's buckets as a sketch (LatencySketch checks them), merged into the cluster's. */
        private void sketch(Map<Integer, Long> buckets) {
            int[] indexes = buckets.keySet().stream().mapToInt(Integer::intValue).toArray();
            long[] counts = buckets.values().stream().mapToLong(Long::longValue).toArray();
            try {
                LatencySketch sketch = LatencySketch.of(indexes, counts);
                if (Long.MAX_VALUE - latency.count() < sketch.count()) {
                    rejected.accept(ReportRejection.BAD_COUNT);
                } else {
                    latency = latency.merge(sketch);
                }
            } catch (IllegalArgumentException e) {
                rejected.accept(ReportRejection.BAD_SKETCH);
            } catch (ArithmeticException e) {
                rejected.accept(ReportRejection.BAD_COUNT);
            }
        }
    }

    /** The bucket index of a latency metric's suffix; -1 (which the sketch refuses) unless 1 to 4 digits. */
    private static int bucket(String suffix) {
        if (suffix.isEmpty() || suffix.length() > 4 || !suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(suffix);
    }

    /** A uint64 count as a long; one beyond {@code Long.MAX_VALUE} reads negative and is refused. */
    private static long count(long value) {
        if (value < 0) {
            throw new ArithmeticException("negative count");
        }
        return value;
    }

    private static List<ShadowSample> samples(List<UpstreamEndpointStats> endpoints, Consumer<ReportRejection> rejected) {
        List<ShadowSample> samples = new ArrayList<>();
        for (UpstreamEndpointStats endpoint : endpoints) {
            if (samples.size() == LoadReportNames.MAX_SAMPLES_PER_REPORT) {
                rejected.accept(ReportRejection.SAMPLE_LIMIT);
                continue;
            }
            Value value = endpoint.getMetadata().getFieldsMap().get(LoadReportNames.SHADOW_DIFFERENCE);
            ShadowSample sample = value == null || !value.hasStructValue() ? null : sample(value.getStructValue());
            if (sample == null) {
                rejected.accept(ReportRejection.BAD_SAMPLE);
            } else {
                samples.add(sample);
            }
        }
        return samples;
    }

    /** The sample, or null when a field is missing, of the wrong type, too long or out of range. */
    private static ShadowSample sample(Struct fields) {
        String requestId = text(fields, LoadReportNames.SAMPLE_REQUEST_ID);
        String method = text(fields, LoadReportNames.SAMPLE_METHOD);
        String path = text(fields, LoadReportNames.SAMPLE_PATH);
        String kind = text(fields, LoadReportNames.SAMPLE_KIND);
        String where = text(fields, LoadReportNames.SAMPLE_WHERE);
        String at = text(fields, LoadReportNames.SAMPLE_AT);
        int liveStatus = status(fields, LoadReportNames.SAMPLE_LIVE_STATUS);
        int shadowStatus = status(fields, LoadReportNames.SAMPLE_SHADOW_STATUS);
        if (requestId == null || method == null || path == null || kind == null || !KINDS.contains(kind)
                || where == null || at == null || liveStatus < 0 || shadowStatus < 0) {
            return null;
        }
        try {
            return new ShadowSample(requestId, method, path, liveStatus, shadowStatus, kind, where, Instant.parse(at));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(Struct fields, String name) {
        Value value = fields.getFieldsMap().get(name);
        if (value == null || value.getKindCase() != Value.KindCase.STRING_VALUE
                || value.getStringValue().length() > LoadReportNames.MAX_SAMPLE_CHARS) {
            return null;
        }
        return value.getStringValue();
    }

    /** An HTTP status 0..999 (0: no answer), or -1. */
    private static int status(Struct fields, String name) {
        Value value = fields.getFieldsMap().get(name);
        if (value == null || value.getKindCase() != Value.KindCase.NUMBER_VALUE) {
            return -1;
        }
        double number = value.getNumberValue();
        return number >= 0 && number <= 999 && number == Math.rint(number) ? (int) number : -1;
    }
}
