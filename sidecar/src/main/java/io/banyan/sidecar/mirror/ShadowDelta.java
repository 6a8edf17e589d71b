package io.banyan.sidecar.mirror;

import java.util.List;

/**
 * A mirror cluster's shadow comparisons since the last report: pairs of answers found equal or different, copies
 * that failed (no complete answer on one side, or a body beyond the comparison's cap) or were dropped (never sent),
 * and a bounded sample of the differences, oldest first.
 */
public record ShadowDelta(long equal, long different, long failed, long dropped, List<ShadowDifference> samples) {

    public static final ShadowDelta EMPTY = new ShadowDelta(0, 0, 0, 0, List.of());

    public ShadowDelta {
        samples = List.copyOf(samples);
    }

    public boolean isEmpty() {
        return equal == 0 && different == 0 && failed == 0 && dropped == 0 && samples.isEmpty();
    }
}
