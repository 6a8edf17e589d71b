package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.Checks;

/**
 * A retry decision: retry after {@code backoffNanos}, or not, and why not ({@link Verdict#token()}
 * suits a log field or a metric tag). A retry {@code charged} to the cluster's retry gate holds room in it
 * until it ends; the retry of a request whose endpoint went away under it is not charged (see {@link RetryDecider}).
 */
public record RetryDecision(Verdict verdict, long backoffNanos, boolean charged) {

    public enum Verdict {
        RETRY("retry"),
        /** The outcome matches none of the policy's retry conditions. */
        NOT_RETRIABLE("not_retriable"),
        /** Response bytes already went downstream. */
        RESPONSE_STARTED("response_started"),
        /** A non-idempotent method without an Idempotency-Key, on a route that does not allow it. */
        NON_IDEMPOTENT("non_idempotent"),
        /** The body outgrew the replay buffer. */
        BODY_TOO_LARGE("body_too_large"),
        /** The policy's {@code numRetries} are used up. */
        RETRIES_EXHAUSTED("retries_exhausted"),
        /** The request's deadline would pass before the retry could start. */
        DEADLINE_EXCEEDED("deadline_exceeded"),
        /** The cluster's retry budget (or max-retries threshold) has no room. */
        BUDGET_EXHAUSTED("budget_exhausted");

        private final String token;

        Verdict(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    public RetryDecision {
        Checks.nonNull(verdict, "verdict");
        if (backoffNanos < 0 || (verdict != Verdict.RETRY && backoffNanos != 0)) {
            throw new IllegalArgumentException("backoffNanos: " + backoffNanos + " (expected: >= 0, and 0 unless RETRY)");
        }
        if (charged && verdict != Verdict.RETRY) {
            throw new IllegalArgumentException("charged: true for " + verdict + " (expected: only a RETRY is charged)");
        }
    }

    static RetryDecision no(Verdict verdict) {
        return new RetryDecision(verdict, 0, false);
    }

    /** A retry that holds room in the retry gate. */
    static RetryDecision retryAfter(long backoffNanos) {
        return new RetryDecision(Verdict.RETRY, backoffNanos, true);
    }

    /** A retry outside the retry gate: the request's endpoint went away under it. */
    static RetryDecision retryUnchargedAfter(long backoffNanos) {
        return new RetryDecision(Verdict.RETRY, backoffNanos, false);
    }

    public boolean shouldRetry() {
        return verdict == Verdict.RETRY;
    }
}
