package io.banyan.controlplane.loadstats;

import io.banyan.primitives.stats.LatencySketch;

import java.util.HashMap;
import java.util.Map;

/**
 * What every reporter said about one cluster during one time slot, summed. Mutable; guarded by its
 * {@link ClusterLoad}'s lock.
 */
final class Slot {

    long number;
    long requests;
    long errors;
    /** At most {@link LoadStore#MAX_CAUSES} keys: only causes the cluster admitted. */
    final Map<String, Long> errorsByCause = new HashMap<>();
    LatencySketch latency = LatencySketch.empty();
    long equal;
    long different;
    long failed;
    long dropped;

    Slot(long number) {
        this.number = number;
    }

    /** Empties the slot for another time slot (the ring came round). */
    void reuse(long number) {
        this.number = number;
        requests = 0;
        errors = 0;
        errorsByCause.clear();
        latency = LatencySketch.empty();
        equal = 0;
        different = 0;
        failed = 0;
        dropped = 0;
    }
}
