package io.banyan.controlplane.rollout;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a write asks of its staged rollout: a canary share of the nodes the change alters ({@code canaryPercent},
 * 0 &lt; N &le; 100) or the named {@code nodes} (1..{@value #MAX_NODES}), exactly one of the two; how long the
 * canaries bake; how much their error rate may rise over the other nodes' before the change is reverted, judged only
 * with at least {@code minRequests} canary requests.
 */
public record Rollout(Double canaryPercent, List<String> nodes, Duration bake, double maxErrorRateIncrease,
                      long minRequests) {

    public static final Duration MIN_BAKE = Duration.ofSeconds(1);
    public static final Duration MAX_BAKE = Duration.ofHours(1);
    public static final Duration DEFAULT_BAKE = Duration.ofSeconds(30);
    public static final double DEFAULT_MAX_ERROR_RATE_INCREASE = 0.01;
    public static final long DEFAULT_MIN_REQUESTS = 20;
    public static final int MAX_NODES = 100;

    public Rollout {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        if ((canaryPercent == null) == nodes.isEmpty()) {
            throw new InvalidFieldException("rollout", "rollout: " + (canaryPercent == null
                    ? "neither canary nor nodes" : "both canary and nodes")
                    + " (expected: exactly one of canary: \"10%\" or nodes: [node ids])");
        }
        if (canaryPercent != null && !(canaryPercent > 0 && canaryPercent <= 100)) {
            throw new InvalidFieldException("rollout.canary", "rollout.canary: " + canaryPercent
                    + "% (expected: more than 0% and at most 100%)");
        }
        if (nodes.size() > MAX_NODES || nodes.stream().distinct().count() != nodes.size()) {
            throw new InvalidFieldException("rollout.nodes", "rollout.nodes: " + nodes.size()
                    + " ids (expected: 1.." + MAX_NODES + " distinct node ids)");
        }
        Objects.requireNonNull(bake, "bake");
        if (bake.compareTo(MIN_BAKE) < 0 || bake.compareTo(MAX_BAKE) > 0) {
            throw new InvalidFieldException("rollout.bake", "rollout.bake: " + Durations.format(bake)
                    + " (expected: " + Durations.format(MIN_BAKE) + ".." + Durations.format(MAX_BAKE) + ")");
        }
        if (!(maxErrorRateIncrease >= 0 && maxErrorRateIncrease <= 1)) {
            throw new InvalidFieldException("rollout.maxErrorRateIncrease", "rollout.maxErrorRateIncrease: "
                    + maxErrorRateIncrease + " (expected: 0..1)");
        }
        if (minRequests < 1) {
            throw new InvalidFieldException("rollout.minRequests", "rollout.minRequests: " + minRequests
                    + " (expected: 1 or more)");
        }
    }

    /** A canary share of {@code percent} with the defaults. */
    public static Rollout canary(double percent, Duration bake) {
        return new Rollout(percent, List.of(), bake, DEFAULT_MAX_ERROR_RATE_INCREASE, DEFAULT_MIN_REQUESTS);
    }

    /** Whether the canaries are named rather than a share. */
    public boolean named() {
        return !nodes.isEmpty();
    }
}
