package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.core.ErrorCause;

import java.util.Objects;

/**
 * One try of an exchange on one endpoint, as it ended.
 *
 * @param number        1 for the first try, 2 for the first retry, ...
 * @param endpoint      where it went
 * @param offsetNanos   when it started, in nanoseconds after the exchange began
 * @param durationNanos how long it lasted: to its failure, to the response head that made it be retried, or to the
 *                      end of the exchange when its response went downstream
 * @param headNanos     from its start to the response head it received, or -1 when none came
 * @param status        the status of the response head it received, 0 when none came
 * @param cause         why it failed, null when it did not (a response, even a retried 503, is not a failure here)
 */
public record AttemptRecord(int number, Endpoint endpoint, long offsetNanos, long durationNanos, long headNanos,
                            int status, ErrorCause cause) {

    public AttemptRecord {
        Objects.requireNonNull(endpoint, "endpoint");
        if (number < 1) {
            throw new IllegalArgumentException("number: " + number + " (expected: 1 or more)");
        }
    }

    /** Whether a response head came back on this try. */
    public boolean responded() {
        return status > 0;
    }
}
