package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.primitives.check.Checks;

import java.util.Set;

/**
 * Whether an attempt's outcome is worth another try, judged on the outcome alone (idempotency, body
 * replay, the number of retries and the budget are the {@link RetryDecider}'s). Composable:
 * {@code RetryRule.onConnectFailure().or(RetryRule.onRefusedStream())}.
 */
@FunctionalInterface
public interface RetryRule {

    boolean matches(AttemptOutcome outcome);

    default RetryRule or(RetryRule other) {
        Checks.nonNull(other, "other");
        return outcome -> matches(outcome) || other.matches(outcome);
    }

    /** Matches nothing. */
    static RetryRule never() {
        return outcome -> false;
    }

    /** Envoy {@code connect-failure}. */
    static RetryRule onConnectFailure() {
        return outcome -> outcome.kind() == AttemptOutcome.Kind.CONNECT_FAILURE;
    }

    /** Envoy {@code refused-stream}. */
    static RetryRule onRefusedStream() {
        return outcome -> outcome.kind() == AttemptOutcome.Kind.REFUSED_STREAM;
    }

    /** Envoy {@code reset}: no response at all (connect failure, refused stream, reset, per-try timeout). */
    static RetryRule onReset() {
        return AttemptOutcome::noResponse;
    }

    /** Envoy {@code 5xx}: any 5xx response, or no response at all. */
    static RetryRule onServerErrorStatus() {
        return outcome -> outcome.noResponse() || (outcome.isResponse() && outcome.status() >= 500);
    }

    /** Envoy {@code gateway-error}: a 502, 503 or 504 response, or no response at all. */
    static RetryRule onGatewayError() {
        return outcome -> outcome.noResponse() || (outcome.isResponse()
                && (outcome.status() == 502 || outcome.status() == 503 || outcome.status() == 504));
    }

    /** A response with one of these HTTP statuses (Envoy {@code retriable-status-codes}, {@code retriable-4xx}). */
    static RetryRule onStatus(Set<Integer> statuses) {
        Set<Integer> copy = Set.copyOf(statuses);
        return outcome -> outcome.isResponse() && copy.contains(outcome.status());
    }

    /** A response whose head carries one of these {@code grpc-status} codes (Envoy {@code x-envoy-retry-grpc-on}). */
    static RetryRule onGrpcStatus(Set<Integer> codes) {
        Set<Integer> copy = Set.copyOf(codes);
        return outcome -> outcome.isResponse() && outcome.grpcStatus() != AttemptOutcome.NO_GRPC_STATUS
                && copy.contains(outcome.grpcStatus());
    }

    /**
     * Whether a response head with this HTTP status is judged for a retry at all: a 5xx, a 409 or one of the
     * policy's retriable status codes. Any other head is final as it stands, and goes downstream without being read
     * further (so a trailers-only gRPC status on such a head is not retried).
     */
    static boolean judgesStatus(RetryPolicy policy, int status) {
        Set<Integer> codes = policy.retriableStatusCodes();
        return status >= 500 || status == 409 || !codes.isEmpty() && codes.contains(status); // no boxing for none
    }

    /** The rule a policy's {@code retryOn}, retriable status codes and retriable gRPC codes describe. */
    static RetryRule of(RetryPolicy policy) {
        RetryRule rule = never();
        for (RetryOn on : policy.retryOn()) {
            rule = rule.or(switch (on) {
                case FIVE_XX -> onServerErrorStatus();
                case GATEWAY_ERROR -> onGatewayError();
                case RESET -> onReset();
                case CONNECT_FAILURE -> onConnectFailure();
                case REFUSED_STREAM -> onRefusedStream();
                case RETRIABLE_4XX -> onStatus(Set.of(409));
                case RETRIABLE_STATUS_CODES -> onStatus(policy.retriableStatusCodes());
                case CANCELLED -> onGrpcStatus(Set.of(1));
                case DEADLINE_EXCEEDED -> onGrpcStatus(Set.of(4));
                case RESOURCE_EXHAUSTED -> onGrpcStatus(Set.of(8));
                case INTERNAL -> onGrpcStatus(Set.of(13));
                case UNAVAILABLE -> onGrpcStatus(Set.of(14));
            });
        }
        if (!policy.retriableGrpcCodes().isEmpty()) {
            rule = rule.or(onGrpcStatus(policy.retriableGrpcCodes()));
        }
        return rule;
    }
}
