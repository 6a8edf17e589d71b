package io.banyan.controlplane.xds.lrs;

import java.util.Locale;

/** Why part of a load report was ignored; the closed tag set of {@code banyan_load_reports_rejected_total}. */
enum ReportRejection {
    /** A cluster the control plane does not track (a whole ClusterStats). */
    UNTRACKED_CLUSTER,
    /** A {@code load_metric_stats} name that is none of Banyan's. */
    UNKNOWN_METRIC,
    /** An error cause not matching {@code [a-z0-9_]{1,40}}. */
    BAD_CAUSE,
    /** An error cause beyond the 32 distinct ones a cluster keeps (its errors still count in the total). */
    CAUSE_LIMIT,
    /** Latency buckets that do not form a sketch (index out of range or repeated, negative count). */
    BAD_SKETCH,
    /** A count that is negative (a uint64 beyond a long) or overflows: the locality or metric is left out. */
    BAD_COUNT,
    /** A differing shadow sample with a missing, malformed or too long field. */
    BAD_SAMPLE,
    /** Samples beyond the 8 a cluster may carry per report. */
    SAMPLE_LIMIT;

    /** The metric tag: untracked_cluster, unknown_metric, bad_cause, cause_limit, ... */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
