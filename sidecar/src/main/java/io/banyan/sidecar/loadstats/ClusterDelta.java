package io.banyan.sidecar.loadstats;

import java.util.List;

/**
 * One cluster's load since its last report: requests issued to it (counted when admitted, before an endpoint is
 * picked, so per cluster rather than per zone), those in progress now (a gauge, not a delta), and what ended, per
 * zone (sorted by zone, only zones where something ended).
 */
public record ClusterDelta(String cluster, long issued, long inProgress, List<LocalityDelta> localities) {

    public ClusterDelta {
        localities = List.copyOf(localities);
    }

    /** A cluster that saw nothing. */
    public static ClusterDelta empty(String cluster) {
        return new ClusterDelta(cluster, 0, 0, List.of());
    }

    /** Whether there is nothing to report: nothing issued, ended or in progress. */
    public boolean isEmpty() {
        return issued == 0 && inProgress == 0 && localities.isEmpty();
    }
}
