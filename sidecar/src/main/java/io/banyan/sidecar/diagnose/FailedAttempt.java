package io.banyan.sidecar.diagnose;

import io.banyan.sidecar.observe.AttemptRecord;

/**
 * One try of a failed exchange as {@code /debug/why?request_id=} shows it.
 *
 * @param number         1 for the first try, 2 for the first retry, ...
 * @param endpoint       {@code host:port} it went to
 * @param offsetMillis   when it started, after the exchange began
 * @param durationMillis how long it lasted
 * @param status         the status of the response head it received, 0 when none came
 * @param cause          the mesh's cause token when it failed without a response ({@code upstream_reset}, ...),
 *                       {@code upstream_<status>} when it got a 5xx, null when it got any other response
 */
public record FailedAttempt(int number, String endpoint, double offsetMillis, double durationMillis, int status,
                            String cause) {

    static FailedAttempt of(AttemptRecord attempt) {
        String cause = attempt.cause() != null ? attempt.cause().token()
                : attempt.status() >= 500 ? FailedExchange.upstreamCause(attempt.status()) : null;
        return new FailedAttempt(attempt.number(), attempt.endpoint().authority(), millis(attempt.offsetNanos()),
                millis(attempt.durationNanos()), attempt.status(), cause);
    }

    /** Nanoseconds as milliseconds with three decimals. */
    static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
