package io.banyan.sidecar.loadstats;

import io.banyan.sidecar.core.ErrorCause;

/**
 * Where a request to a cluster is counted for load reports: once when it starts, once when it ends. Called on event
 * loops: an implementation never blocks and allocates nothing per request.
 */
public interface LoadSink {

    /** Counts nothing. */
    LoadSink NONE = new LoadSink() {
        @Override
        public void started(String cluster) {
        }

        @Override
        public void ended(String cluster, String zone, int status, ErrorCause cause, long durationNanos) {
        }
    };

    /** A request to {@code cluster} started (it is in progress until it ends). */
    void started(String cluster);

    /**
     * A request to {@code cluster} ended: answered by an endpoint of {@code zone} ("" unknown) with {@code status}
     * (0: no answer), failed inside the mesh with {@code cause} (null: it did not), after {@code durationNanos}.
     */
    void ended(String cluster, String zone, int status, ErrorCause cause, long durationNanos);
}
