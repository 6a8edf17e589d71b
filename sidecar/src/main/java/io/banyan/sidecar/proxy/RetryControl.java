package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.primitives.random.PerThreadRandom;
import io.banyan.primitives.time.Backoff;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.resilience.AttemptOutcome;
import io.banyan.sidecar.resilience.Deadline;
import io.banyan.sidecar.resilience.ReplayBuffer;
import io.banyan.sidecar.resilience.RetryDecider;
import io.banyan.sidecar.resilience.RetryDecision;
import io.banyan.sidecar.resilience.RetryGate;
import io.banyan.sidecar.resilience.RetryRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * One request's retries under its route's policy and its cluster's retry gate: asks the
 * {@link RetryDecider} after each failed attempt and gives the gate back once the retry it granted has ended.
 * Made by the exchange only once an attempt failed, so a request that never fails allocates nothing for retries.
 */
final class RetryControl {

    private final RetryPolicy policy;
    private final RetryGate gate;
    private final HttpRequest request;
    private RetryDecider decider;
    private int retriesDone;
    private boolean holding;

    RetryControl(RetryPolicy policy, RetryGate gate, HttpRequest request) {
        this.policy = policy;
        this.gate = gate;
        this.request = request;
    }

    RetryPolicy policy() {
        return policy;
    }

    /** Whether {@code policy} makes any retry possible at all (and the body must be kept for one). */
    static boolean enabled(RetryPolicy policy) {
        return policy.numRetries() > 0;
    }

    /**
     * The decision after an attempt ended with {@code outcome}. A connect failure sent nothing, so it is
     * judged as idempotent with nothing to replay.
     */
    RetryDecision decide(AttemptOutcome outcome, ReplayBuffer body, Deadline deadline) {
        finish();
        if (decider == null) {
            decider = new RetryDecider(policy, policy.backoff(PerThreadRandom.get()), gate);
        }
        boolean nothingSent = outcome.kind() == AttemptOutcome.Kind.CONNECT_FAILURE;
        boolean notProcessed = nothingSent || outcome.kind() == AttemptOutcome.Kind.REFUSED_STREAM;
        boolean keyed = notProcessed || request.headers().contains(RetryRequest.IDEMPOTENCY_KEY);
        long bytes = body == null || nothingSent ? 0 : body.bytes();
        boolean overflowed = !nothingSent && body != null && body.overflowed();
        RetryRequest view = new RetryRequest(request.method().name(), keyed, bytes, overflowed);
        RetryDecision decision = decider.decide(view, outcome, retriesDone, deadline);
        if (decision.shouldRetry()) {
            retriesDone++;
            holding = decision.charged();
        }
        return decision;
    }

    /** The granted retry's attempt has ended (or the request has): give its room back. */
    void finish() {
        if (holding) {
            holding = false;
            decider.onRetryFinished();
        }
    }

    /**
     * The outcome a response head stands for: its status, and a trailers-only gRPC status if any. From a peer
     * sidecar ({@code fromMesh}), an error that says its app never got the request (see {@link UndeliveredCauses})
     * counts as a refused stream: retried like one, whatever the method.
     */
    static AttemptOutcome outcomeOf(HttpResponse response, boolean fromMesh) {
        if (fromMesh && UndeliveredCauses.isUndelivered(response.headers().get(ErrorCause.HEADER))) {
            return AttemptOutcome.refusedStream();
        }
        int code = response.status().code();
        String grpc = response.headers().get("grpc-status");
        if (grpc != null && grpc.length() <= 2) {
            try {
                int value = Integer.parseInt(grpc);
                if (value >= 0 && value <= 16) {
                    return AttemptOutcome.grpcResponse(code, value);
                }
            } catch (NumberFormatException ignored) {
                // not a gRPC status: judged on the HTTP status alone
            }
        }
        return AttemptOutcome.response(code);
    }
}
