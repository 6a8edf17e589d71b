package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;

import java.util.Collection;

/**
 * The "power of N choices": draws N endpoints by weight and keeps the cheapest; a tie keeps the earlier
 * draw, so that without load the weights alone decide.
 */
final class BestOfChoices {

    /** The cost of the endpoint at an index; lower is better. */
    @FunctionalInterface
    interface Cost {
        double of(int index);
    }

    private final WeightedDraw draw;
    private final int choices;
    private final Cost cost;

    BestOfChoices(WeightedDraw draw, int choices, Cost cost) {
        this.draw = draw;
        this.choices = choices;
        this.cost = cost;
    }

    Endpoint pick(Collection<Endpoint> tried) {
        int best = draw.draw(tried);
        if (best < 0) {
            return null;
        }
        double bestCost = cost.of(best);
        for (int i = 1; i < choices; i++) {
            int candidate = draw.draw(tried);
            if (candidate != best) {
                double candidateCost = cost.of(candidate);
                if (candidateCost < bestCost) {
                    best = candidate;
                    bestCost = candidateCost;
                }
            }
        }
        return draw.endpoint(best);
    }
}
