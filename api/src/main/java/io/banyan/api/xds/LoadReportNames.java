package io.banyan.api.xds;

import java.util.List;

/**
 * Banyan's extensions of Envoy's load reports ({@code envoy.service.load_stats.v3}), which data planes send and the
 * control plane reads: the names of the {@code load_metric_stats} a locality carries and of the differing shadow
 * samples in its {@code upstream_endpoint_stats}, with the bounds the control plane keeps to (docs/xds.md, "Load
 * reporting").
 */
public final class LoadReportNames {

    /**
     * {@code banyan.latency.<i>}: {@code num_requests_finished_with_metric} requests whose duration fell in
     * {@code io.banyan.primitives.stats.LatencySketch} bucket {@code i}, {@code total_metric_value} the sum of those
     * durations in seconds.
     */
    public static final String LATENCY_PREFIX = "banyan.latency.";
    /** {@code banyan.error.<cause>}: errors of that cause ({@link #UPSTREAM_5XX} or the mesh's error token). */
    public static final String ERROR_PREFIX = "banyan.error.";
    /** The cause of an error that is the upstream's own 5xx answer. */
    public static final String UPSTREAM_5XX = "upstream_5xx";
    /** What a cause must look like; anything else is ignored. */
    public static final String CAUSE_PATTERN = "[a-z0-9_]{1,40}";
    /** Shadow outcomes of a mirror cluster since the previous report. */
    public static final String SHADOW_EQUAL = "banyan.shadow.equal";
    public static final String SHADOW_DIFFERENT = "banyan.shadow.different";
    public static final String SHADOW_FAILED = "banyan.shadow.failed";
    public static final String SHADOW_DROPPED = "banyan.shadow.dropped";
    /** The {@code metadata} key of an endpoint stat that is a differing shadow sample (a Struct of the fields below). */
    public static final String SHADOW_DIFFERENCE = "banyan.shadow.difference";
    public static final String SAMPLE_REQUEST_ID = "requestId";
    public static final String SAMPLE_METHOD = "method";
    public static final String SAMPLE_PATH = "path";
    public static final String SAMPLE_LIVE_STATUS = "liveStatus";
    public static final String SAMPLE_SHADOW_STATUS = "shadowStatus";
    /** One of {@link #SAMPLE_KINDS}: what differed first. */
    public static final String SAMPLE_KIND = "kind";
    public static final List<String> SAMPLE_KINDS = List.of("status", "header", "body");
    public static final String SAMPLE_WHERE = "where";
    /** RFC 3339. */
    public static final String SAMPLE_AT = "at";
    /** Samples per cluster and report; the control plane ignores further ones. */
    public static final int MAX_SAMPLES_PER_REPORT = 8;
    /** The longest string of a sample; a longer one makes the control plane ignore the sample. */
    public static final int MAX_SAMPLE_CHARS = 256;

    private LoadReportNames() {
    }

    /** {@code banyan.latency.<bucket>}. */
    public static String latency(int bucket) {
        return LATENCY_PREFIX + bucket;
    }

    /** {@code banyan.error.<cause>}. */
    public static String error(String cause) {
        return ERROR_PREFIX + cause;
    }
}
