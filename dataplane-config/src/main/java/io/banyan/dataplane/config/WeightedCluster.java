package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/** A destination of a route and its share of the traffic. */
public record WeightedCluster(String cluster, int weight) {

    public WeightedCluster {
        Checks.nonEmpty(cluster, "weightedCluster.cluster");
        if (weight < 0) {
            throw new IllegalArgumentException("weightedCluster.weight of " + cluster + ": " + weight + " (expected: >= 0)");
        }
    }
}
