package io.banyan.sidecar.loadstats;

import io.banyan.api.xds.LoadReportNames;
import io.banyan.sidecar.core.ErrorCause;

/**
 * How a load report counts a request that ended, as Envoy counts its upstream requests: an answer below 500 is a
 * success (a 4xx is the caller's, not the upstream's), a 5xx answer or no answer at all (a mesh failure: reset,
 * timeout, no healthy upstream, ...) is an error of one cause; a request the client gave up on, or that the mesh
 * refused for the client's own fault (a 4xx cause), is neither.
 */
final class LoadOutcome {

    /** The cause of an error the upstream answered itself with a 5xx status. */
    static final String UPSTREAM_5XX = LoadReportNames.UPSTREAM_5XX;
    private static final ErrorCause[] CAUSES = ErrorCause.values();
    /** The cause slots: one per {@link ErrorCause} (by ordinal), then {@link #UPSTREAM_5XX}. */
    static final int CAUSE_SLOTS = CAUSES.length + 1;
    /** {@link #causeSlot}: the request succeeded. */
    static final int SUCCESS = -1;
    /** {@link #causeSlot}: the request is neither a success nor an error. */
    static final int NEITHER = -2;

    private LoadOutcome() {
    }

    /**
     * The cause slot of the error a request ended with, or {@link #SUCCESS} or {@link #NEITHER}.
     *
     * @param status the status answered (0: none)
     * @param cause  the mesh's cause, or null when the mesh did not fail it
     */
    static int causeSlot(int status, ErrorCause cause) {
        if (cause != null) {
            return cause.status() >= 500 ? cause.ordinal() : NEITHER;
        }
        if (status >= 500) {
            return CAUSES.length;
        }
        return status == 0 ? NEITHER : SUCCESS;
    }

    /** The token a cause slot is reported under. */
    static String token(int slot) {
        return slot == CAUSES.length ? UPSTREAM_5XX : CAUSES[slot].token();
    }
}
