package io.banyan.sidecar.metrics;

import java.util.Locale;

/** How the comparison of a shadow copy's answer with the live one came out: the closed set of {@link MetricNames#SHADOW_COMPARISONS} outcomes. */
public enum ComparisonOutcome {
    /** Both answers complete and equal as compared. */
    EQUAL,
    /** Both answers complete, and something compared differs. */
    DIFFERENT,
    /** One side got no complete answer (reset, timeout, refused, no endpoint), or a body beyond the comparison's cap. */
    FAILED;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The value of the {@code outcome} tag. */
    public String tag() {
        return tag;
    }
}
