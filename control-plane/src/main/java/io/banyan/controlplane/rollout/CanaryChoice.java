package io.banyan.controlplane.rollout;

import java.util.List;
import java.util.TreeSet;

/**
 * Which nodes get a staged change first: the named ones, or the first {@code ceil(N% × altered)} (at least one) of the
 * connected nodes whose snapshot the change alters, in node id order, so that the choice is predictable.
 */
public final class CanaryChoice {

    private CanaryChoice() {
    }

    /** The canary slice of {@code altered} (empty when no node is altered). */
    public static List<String> of(Rollout rollout, List<String> altered) {
        if (rollout.named()) {
            return List.copyOf(new TreeSet<>(rollout.nodes()));
        }
        List<String> sorted = List.copyOf(new TreeSet<>(altered));
        if (sorted.isEmpty()) {
            return List.of();
        }
        long count = (long) Math.ceil(rollout.canaryPercent() * sorted.size() / 100.0 - 1e-9);
        return sorted.subList(0, (int) Math.max(1, Math.min(count, sorted.size())));
    }
}
