package io.banyan.sidecar.trace;

import io.banyan.primitives.random.PerThreadRandom;

import java.util.random.RandomGenerator;

/**
 * Parent-based sampling: a caller's decision is honoured (sampled or not); a trace that starts here, or whose caller
 * left the decision to this hop (B3 without a sampling state), is sampled with probability {@code ratio}.
 */
public final class TraceSampler {

    private final double ratio;
    private final RandomGenerator random;

    public TraceSampler(double ratio, RandomGenerator random) {
        this.ratio = TraceSettings.checkRatio(ratio);
        this.random = random;
    }

    public TraceSampler(double ratio) {
        this(ratio, PerThreadRandom.get());
    }

    /** Whether the exchange with this parent (null: none, a new trace) is recorded. */
    public boolean sample(TraceParent parent) {
        if (parent != null && parent.decision() != TraceParent.Decision.DEFER) {
            return parent.decision() == TraceParent.Decision.SAMPLE;
        }
        return ratio >= 1.0 || ratio > 0.0 && random.nextDouble() < ratio;
    }
}
