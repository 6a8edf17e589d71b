package io.banyan.controlplane.migration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the guard found over a window: too few requests on the new side for a verdict, healthy, or a breach (with
 * {@code reason}); and the figures it judged on.
 */
public record Verdict(Outcome outcome, String reason, Map<String, Number> figures) {

    /** The three verdicts. */
    public enum Outcome {
        TOO_FEW, HEALTHY, BREACH
    }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public boolean breach() {
        return outcome == Outcome.BREACH;
    }

    public boolean healthy() {
        return outcome == Outcome.HEALTHY;
    }
}
