package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.resilience.RetryDecision.Verdict;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryDeciderTest {

    private static final RetryRequest GET = new RetryRequest("GET", false, 0, false);
    private final FakeClock clock = new FakeClock();
    private final Ticker ticker = clock::nanoTime;
    private final Deadline noDeadline = Deadline.none(ticker);

    private static RetryPolicy policy(String retryOn) {
        return new RetryPolicy(RetryOn.parseList(retryOn), 3, Duration.ZERO, Duration.ofMillis(25), Duration.ofMillis(250),
                Set.of(418), Set.of(), false);
    }

    private RetryDecider decider(RetryPolicy policy, RetryGate gate) {
        return new RetryDecider(policy, policy.backoff(new Random(42)), gate);
    }

    private RetryDecider decider(RetryPolicy policy) {
        return decider(policy, new RetryBudget(RetryBudgetSettings.DEFAULT, () -> 0, ResilienceMetrics.unregistered("svc")));
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("5xx", AttemptOutcome.response(500), true),
                Arguments.of("5xx", AttemptOutcome.response(503), true),
                Arguments.of("5xx", AttemptOutcome.resetBeforeResponse(), true),
                Arguments.of("5xx", AttemptOutcome.connectFailure(), true),
                Arguments.of("5xx", AttemptOutcome.perTryTimeout(), true),
                Arguments.of("5xx", AttemptOutcome.response(404), false),
                Arguments.of("5xx", AttemptOutcome.response(200), false),
                Arguments.of("gateway-error", AttemptOutcome.response(502), true),
                Arguments.of("gateway-error", AttemptOutcome.response(503), true),
                Arguments.of("gateway-error", AttemptOutcome.response(504), true),
                Arguments.of("gateway-error", AttemptOutcome.refusedStream(), true),
                Arguments.of("gateway-error", AttemptOutcome.response(500), false),
                Arguments.of("reset", AttemptOutcome.resetBeforeResponse(), true),
                Arguments.of("reset", AttemptOutcome.perTryTimeout(), true),
                Arguments.of("reset", AttemptOutcome.response(503), false),
                Arguments.of("connect-failure", AttemptOutcome.connectFailure(), true),
                Arguments.of("connect-failure", AttemptOutcome.resetBeforeResponse(), false),
                Arguments.of("connect-failure", AttemptOutcome.response(503), false),
                Arguments.of("refused-stream", AttemptOutcome.refusedStream(), true),
                Arguments.of("refused-stream", AttemptOutcome.connectFailure(), false),
                Arguments.of("retriable-4xx", AttemptOutcome.response(409), true),
                Arguments.of("retriable-4xx", AttemptOutcome.response(400), false),
                Arguments.of("retriable-status-codes", AttemptOutcome.response(418), true),
                Arguments.of("retriable-status-codes", AttemptOutcome.response(503), false),
                Arguments.of("unavailable", AttemptOutcome.grpcResponse(200, 14), true),
                Arguments.of("unavailable", AttemptOutcome.grpcResponse(200, 13), false),
                Arguments.of("unavailable", AttemptOutcome.response(200), false),
                Arguments.of("cancelled", AttemptOutcome.grpcResponse(200, 1), true),
                Arguments.of("deadline-exceeded", AttemptOutcome.grpcResponse(200, 4), true),
                Arguments.of("resource-exhausted", AttemptOutcome.grpcResponse(200, 8), true),
                Arguments.of("internal", AttemptOutcome.grpcResponse(200, 13), true),
                Arguments.of("internal", AttemptOutcome.grpcResponse(200, 0), false),
                Arguments.of("", AttemptOutcome.connectFailure(), false));
    }

    @ParameterizedTest(name = "retry_on={0}, outcome {1} -> retried {2}")
    @MethodSource("conditions")
    void eachRetryOnConditionMatchesItsOutcomesOnly(String retryOn, AttemptOutcome outcome, boolean retried) {
        RetryDecision decision = decider(policy(retryOn)).decide(GET, outcome, 0, noDeadline);
        assertThat(decision.shouldRetry()).isEqualTo(retried);
        if (!retried) {
            assertThat(decision.verdict()).isEqualTo(Verdict.NOT_RETRIABLE);
        }
    }

    @Test
    void numericGrpcCodesAreRetriedWithoutARetryOnToken() {
        RetryPolicy policy = new RetryPolicy(Set.of(), 1, Duration.ZERO, Duration.ofMillis(25), Duration.ofMillis(250),
                Set.of(), Set.of(14), false);
        assertThat(decider(policy).decide(GET, AttemptOutcome.grpcResponse(200, 14), 0, noDeadline).shouldRetry()).isTrue();
        assertThat(decider(policy).decide(GET, AttemptOutcome.grpcResponse(200, 2), 0, noDeadline).shouldRetry()).isFalse();
    }

    @Test
    void postWithoutIdempotencyKeyIsNotRetried_withTheKeyItIs_andARouteMayAllowIt() {
        RetryDecider decider = decider(policy("5xx"));
        RetryRequest post = new RetryRequest("post", false, 10, false);
        assertThat(decider.decide(post, AttemptOutcome.response(503), 0, noDeadline).verdict()).isEqualTo(Verdict.NON_IDEMPOTENT);
        RetryRequest keyed = new RetryRequest("POST", true, 10, false);
        assertThat(decider.decide(keyed, AttemptOutcome.response(503), 0, noDeadline).shouldRetry()).isTrue();
        RetryPolicy routeAllows = new RetryPolicy(Set.of(RetryOn.FIVE_XX), 1, Duration.ZERO, Duration.ofMillis(25),
                Duration.ofMillis(250), Set.of(), Set.of(), true);
        assertThat(decider(routeAllows).decide(post, AttemptOutcome.response(503), 0, noDeadline).shouldRetry()).isTrue();
        assertThat(new RetryRequest("PATCH", false, 0, false).idempotent()).isFalse();
        assertThat(new RetryRequest("DELETE", false, 0, false).idempotent()).isTrue();
    }

    @Test
    void bodyOver64KiB_overflowsTheReplayBuffer_andIsNeverRetried() {
        ReplayBuffer body = ReplayBuffer.withDefaultLimit();
        assertThat(body.add(64 * 1024)).isTrue();
        RetryRequest fits = RetryRequest.of("PUT", false, body);
        assertThat(decider(policy("5xx")).decide(fits, AttemptOutcome.response(503), 0, noDeadline).shouldRetry()).isTrue();
        assertThat(body.add(1)).isFalse();
        assertThat(body.add(0)).isFalse();
        RetryRequest overflowed = RetryRequest.of("PUT", true, body);
        assertThat(overflowed.bodyBytes()).isEqualTo(64 * 1024 + 1);
        assertThat(decider(policy("5xx")).decide(overflowed, AttemptOutcome.response(503), 0, noDeadline).verdict())
                .isEqualTo(Verdict.BODY_TOO_LARGE);
    }

    @Test
    void aResponseAlreadyStartedIsNeverRetried_evenUnderRetryOnReset() {
        RetryDecision decision = decider(policy("5xx,reset,gateway-error"))
                .decide(GET, AttemptOutcome.resetAfterResponseStarted(), 0, noDeadline);
        assertThat(decision.verdict()).isEqualTo(Verdict.RESPONSE_STARTED);
    }

    @Test
    void defaultPolicy_retriesConnectFailureRefusedStreamAndEarlyResetTwice_butNot503OrPost() {
        RetryPolicy policy = RetryPolicy.istioDefault();
        assertThat(policy.numRetries()).isEqualTo(2);
        RetryDecider decider = decider(policy);
        assertThat(decider.decide(GET, AttemptOutcome.connectFailure(), 0, noDeadline).shouldRetry()).isTrue();
        assertThat(decider.decide(GET, AttemptOutcome.refusedStream(), 1, noDeadline).shouldRetry()).isTrue();
        assertThat(decider.decide(GET, AttemptOutcome.resetBeforeResponse(), 1, noDeadline).shouldRetry()).isTrue();
        assertThat(decider.decide(GET, AttemptOutcome.connectFailure(), 3, noDeadline).verdict())
                .isEqualTo(Verdict.RETRIES_EXHAUSTED);
        assertThat(decider.decide(GET, AttemptOutcome.response(503), 0, noDeadline).verdict()).isEqualTo(Verdict.NOT_RETRIABLE);
        assertThat(decider.decide(new RetryRequest("POST", false, 0, false), AttemptOutcome.connectFailure(), 0, noDeadline)
                .verdict()).isEqualTo(Verdict.NON_IDEMPOTENT);
    }

    @Test
    void aRetryWhoseBackoffWouldOutlastTheDeadlineIsNotMade() {
        RetryPolicy policy = policy("5xx");
        RetryDecider decider = new RetryDecider(policy, Backoff.fixed(Duration.ofMillis(100)),
                new RetryBudget(RetryBudgetSettings.DEFAULT, () -> 0, ResilienceMetrics.unregistered("svc")));
        Deadline deadline = Deadline.after(Duration.ofMillis(150), ticker);
        assertThat(decider.decide(GET, AttemptOutcome.response(503), 0, deadline).backoffNanos())
                .isEqualTo(Duration.ofMillis(100).toNanos());
        clock.advance(Duration.ofMillis(60));
        assertThat(decider.decide(GET, AttemptOutcome.response(503), 0, deadline).verdict()).isEqualTo(Verdict.DEADLINE_EXCEEDED);
    }

    @Test
    void anExhaustedBudget_refusesTheRetry_untilARetryFinishes() {
        ResilienceMetrics metrics = ResilienceMetrics.unregistered("svc");
        RetryBudget budget = new RetryBudget(new RetryBudgetSettings(true, 20, 1), () -> 0, metrics);
        RetryDecider decider = decider(policy("5xx"), budget);
        assertThat(decider.decide(GET, AttemptOutcome.response(503), 0, noDeadline).shouldRetry()).isTrue();
        assertThat(decider.decide(GET, AttemptOutcome.response(503), 0, noDeadline).verdict()).isEqualTo(Verdict.BUDGET_EXHAUSTED);
        decider.onRetryFinished();
        assertThat(budget.active()).isZero();
        assertThat(decider.decide(GET, AttemptOutcome.response(503), 0, noDeadline).shouldRetry()).isTrue();
    }

    @Test
    void aRequestWhoseEndpointWentAwayIsRetriedOutsideAFullBudget() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RetryBudget budget = new RetryBudget(new RetryBudgetSettings(true, 20, 1), () -> 4,
                new ResilienceMetrics(registry, "svc"));
        RetryDecider decider = decider(policy("5xx,refused-stream"), budget);
        assertThat(decider.decide(GET, AttemptOutcome.response(503), 0, noDeadline).charged()).isTrue(); // full now

        RetryDecision refused = decider.decide(GET, AttemptOutcome.connectFailure(), 0, noDeadline);
        RetryDecision refusedStream = decider.decide(GET, AttemptOutcome.refusedStream(), 0, noDeadline);
        RetryDecision reset = decider.decide(GET, AttemptOutcome.resetBeforeResponse(), 0, noDeadline);
        RetryDecision resetWithBody = decider.decide(new RetryRequest("PUT", false, 10, false),
                AttemptOutcome.resetBeforeResponse(), 0, noDeadline);
        RetryDecision timeout = decider.decide(GET, AttemptOutcome.perTryTimeout(), 0, noDeadline);
        RetryDecision resetAgain = decider.decide(GET, AttemptOutcome.resetBeforeResponse(), 1, noDeadline);

        assertThat(refused.shouldRetry()).isTrue();
        assertThat(refused.charged()).isFalse();
        assertThat(refusedStream.shouldRetry()).isTrue();
        assertThat(refusedStream.charged()).isFalse();
        assertThat(reset.shouldRetry()).isTrue(); // a bodyless GET whose connection died before any response byte
        assertThat(reset.charged()).isFalse();
        assertThat(resetWithBody.verdict()).isEqualTo(Verdict.BUDGET_EXHAUSTED); // a body went up: charged
        assertThat(timeout.verdict()).isEqualTo(Verdict.BUDGET_EXHAUSTED); // a slow endpoint is still there
        assertThat(resetAgain.verdict()).as("a query of death: only its first retry is free")
                .isEqualTo(Verdict.BUDGET_EXHAUSTED);
        assertThat(budget.active()).isEqualTo(1);
        assertThat(registry.get(MetricNames.RETRY_BUDGET_EXHAUSTED).counter().count()).isEqualTo(3);
        assertThat(decider.decide(GET, AttemptOutcome.connectFailure(), 3, noDeadline).verdict())
                .isEqualTo(Verdict.RETRIES_EXHAUSTED); // still bounded by numRetries
    }

    @Test
    void settingsAreValidatedWithWhatWasExpected() {
        assertThatThrownBy(() -> new RetryPolicy(Set.of(), -1, Duration.ZERO, Duration.ofMillis(25), Duration.ofMillis(250),
                Set.of(), Set.of(), false)).hasMessage("numRetries: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new RetryPolicy(Set.of(), 1, Duration.ZERO, Duration.ofMillis(25), Duration.ofMillis(10),
                Set.of(), Set.of(), false)).hasMessageStartingWith("backoffMax: PT0.01S (expected: >= backoffBase");
        assertThatThrownBy(() -> RetryOn.parseList("5xx,bogus")).hasMessageStartingWith("retryOn: 'bogus' (expected: one of 5xx");
        assertThatThrownBy(() -> new RetryPolicy(Set.of(), 1, Duration.ZERO, Duration.ofMillis(25), Duration.ofMillis(250),
                Set.of(700), Set.of(), false)).hasMessage("retriableStatusCodes: 700 (expected: 100..599)");
    }
}
