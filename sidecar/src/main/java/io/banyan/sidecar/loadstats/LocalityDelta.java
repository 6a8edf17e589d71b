package io.banyan.sidecar.loadstats;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests of one cluster that ended in one zone (the zone of the endpoint that answered or was tried last;
 * {@code ""} unknown) since the last report: successes, errors and their counts by cause token (sorted), and their
 * durations by latency bucket (ascending index).
 */
public record LocalityDelta(String zone, long succeeded, long errors, Map<String, Long> errorsByCause,
                            List<LatencyBucket> latency) {

    public LocalityDelta {
        errorsByCause = Collections.unmodifiableMap(new TreeMap<>(errorsByCause));
        latency = List.copyOf(latency);
    }

    /** Whether nothing ended in this zone. */
    public boolean isEmpty() {
        return succeeded == 0 && errors == 0 && latency.isEmpty();
    }
}
