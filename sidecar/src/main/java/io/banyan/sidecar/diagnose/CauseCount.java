package io.banyan.sidecar.diagnose;

import java.time.Instant;
import java.util.List;

/**
 * A service's failures of one cause since the sidecar started: how many, the last one's time and the request ids of
 * the last few, newest first.
 */
public record CauseCount(String cause, long count, Instant last, List<String> requestIds) {

    public CauseCount {
        requestIds = List.copyOf(requestIds);
    }
}
