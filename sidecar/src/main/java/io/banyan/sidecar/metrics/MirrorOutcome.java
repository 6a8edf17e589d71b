package io.banyan.sidecar.metrics;

import java.util.Locale;

/** How a shadow request ended, or that it went out: the closed set of {@link MetricNames#MIRROR_REQUESTS} outcomes. */
public enum MirrorOutcome {
    /** Written to a connection of the mirror cluster (counted besides how it ends). */
    SENT,
    /** A complete response below 500. */
    SUCCESS,
    /** A 5xx, a refused or failed connect, a reset or a malformed response. */
    FAILED,
    /** No complete response within the route's timeout. */
    TIMEOUT,
    /** The mirror cluster had its maximum of shadow requests in flight, or its pool was full. */
    DROPPED_OVERFLOW,
    /** The request body outgrew the copy limit: nothing was sent. */
    DROPPED_BODY_TOO_LARGE,
    /** The mirror cluster is not in the config or has no endpoint to pick. */
    DROPPED_NO_UPSTREAM,
    /** The request ended (failed, aborted, answered early) before its body was complete: nothing was sent. */
    DROPPED_INCOMPLETE;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** Whether the copy was dropped: never sent. */
    public boolean dropped() {
        return this == DROPPED_OVERFLOW || this == DROPPED_BODY_TOO_LARGE || this == DROPPED_NO_UPSTREAM
                || this == DROPPED_INCOMPLETE;
    }

    /** The value of the {@code outcome} tag. */
    public String tag() {
        return tag;
    }
}
