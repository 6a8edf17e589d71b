package io.banyan.bench.xds;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes a change of one service must reach: those that declared it, and those that hold its Cluster now. Before
 * configs are scoped every node holds every service (all are affected); once they are, only the nodes whose scope
 * contains it. Observed, not assumed, so the same generator measures both.
 */
public final class AffectedNodes {

    private AffectedNodes() {
    }

    /** Indexes (into {@code nodes}) of the nodes affected by a change of {@code service}. */
    public static List<Integer> of(String service, List<? extends NodeView> nodes) {
        List<Integer> affected = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeView node = nodes.get(i);
            if (node.declares(service) || node.holdsCluster(service)) {
                affected.add(i);
            }
        }
        return affected;
    }
}
