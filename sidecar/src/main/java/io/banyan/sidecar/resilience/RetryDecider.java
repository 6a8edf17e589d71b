package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Backoff;

/**
 * Decides, after an attempt failed, whether a request gets another try, in Envoy's order of concerns:
 * a response already started is final; the outcome must match the policy's rule; only idempotent
 * requests (or an Idempotency-Key, or a route that allows it) are retried; the body must still be in
 * the replay buffer; {@code numRetries} bounds the tries; the backoff must end before the deadline;
 * last, the cluster's retry budget must have room, unless the endpoint went away under the request: it
 * never reached an upstream (a failed connect, a refused stream), or it was bodyless and idempotent and its
 * connection died before any response byte (the retry the sidecar already makes outside any budget on a
 * stale pooled connection). Such a retry replaces an attempt that has ended, so a dead endpoint never
 * starves the budget: not at low concurrency (its floor, Envoy's {@code min_retry_concurrency}), and not
 * when every request in flight to it is reset at once at high concurrency.
 * Stateless apart from the shared, thread-safe gate.
 */
public final class RetryDecider {

    private final RetryPolicy policy;
    private final RetryRule rule;
    private final Backoff backoff;
    private final RetryGate gate;

    public RetryDecider(RetryPolicy policy, Backoff backoff, RetryGate gate) {
        this.policy = Checks.nonNull(policy, "policy");
        this.rule = RetryRule.of(policy);
        this.backoff = Checks.nonNull(backoff, "backoff");
        this.gate = Checks.nonNull(gate, "gate");
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * @param retriesDone retries already made for this request (0 after the first attempt failed)
     * @return RETRY with the backoff to wait; then the gate holds room for this retry until
     *         {@link #onRetryFinished()} is called once the retry's attempt has ended
     */
    public RetryDecision decide(RetryRequest request, AttemptOutcome outcome, int retriesDone, Deadline deadline) {
        Checks.nonNull(request, "request");
        Checks.nonNull(outcome, "outcome");
        Checks.nonNull(deadline, "deadline");
        if (outcome.kind() == AttemptOutcome.Kind.RESET_AFTER_RESPONSE_STARTED) {
            return RetryDecision.no(RetryDecision.Verdict.RESPONSE_STARTED);
        }
        if (!rule.matches(outcome)) {
            return RetryDecision.no(RetryDecision.Verdict.NOT_RETRIABLE);
        }
        if (!policy.retryNonIdempotent() && !request.idempotent()) {
            return RetryDecision.no(RetryDecision.Verdict.NON_IDEMPOTENT);
        }
        if (request.bodyOverflowed()) {
            return RetryDecision.no(RetryDecision.Verdict.BODY_TOO_LARGE);
        }
        if (retriesDone >= policy.numRetries()) {
            return RetryDecision.no(RetryDecision.Verdict.RETRIES_EXHAUSTED);
        }
        long delay = backoff.delayNanos(retriesDone + 1);
        if (deadline.isBounded() && deadline.remainingNanos() <= delay) {
            return RetryDecision.no(RetryDecision.Verdict.DEADLINE_EXCEEDED);
        }
        if (endpointWentAway(request, outcome, retriesDone)) {
            return RetryDecision.retryUnchargedAfter(delay);
        }
        if (!gate.tryAcquire()) {
            return RetryDecision.no(RetryDecision.Verdict.BUDGET_EXHAUSTED);
        }
        return RetryDecision.retryAfter(delay);
    }

    /**
     * Nothing reached an upstream app (the connect failed, or the peer refused the stream unprocessed), or the
     * connection of a bodyless idempotent request died before any response byte on its first attempt (an instance
     * killed under load). Only that first retry of a reset is free: a request whose every attempt kills its
     * connection is a query of death, and its further retries are charged, so it crashes at most one more instance
     * outside the budget.
     */
    private static boolean endpointWentAway(RetryRequest request, AttemptOutcome outcome, int retriesDone) {
        return switch (outcome.kind()) {
            case CONNECT_FAILURE, REFUSED_STREAM -> true;
            case RESET_BEFORE_RESPONSE -> retriesDone == 0 && request.idempotent() && request.bodyBytes() == 0;
            default -> false;
        };
    }

    /** A charged retry ({@link RetryDecision#charged()}) has ended (answered, failed or aborted). */
    public void onRetryFinished() {
        gate.release();
    }
}
