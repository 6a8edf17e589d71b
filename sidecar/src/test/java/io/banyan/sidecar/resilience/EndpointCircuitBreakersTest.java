package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.testkit.time.FakeClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointCircuitBreakersTest {

    private static final Endpoint A = new Endpoint("10.0.0.1", 8080, 1, "a", false, null);
    private static final Endpoint B = new Endpoint("10.0.0.2", 8080, 1, "a", false, null);
    private static final Duration FAST = Duration.ofMillis(5);

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ResilienceMetrics metrics = new ResilienceMetrics(registry, "payments");
    private final CircuitBreakerSettings settings = new CircuitBreakerSettings(50f, 80f, Duration.ofSeconds(1), 4,
            Duration.ofSeconds(30), 2, CircuitBreakerSettings.SlidingWindowType.COUNT, 10);
    private final EndpointCircuitBreakers breakers = new EndpointCircuitBreakers(settings, clock, metrics);

    private void call(Endpoint endpoint, Duration duration, boolean success) {
        assertThat(breakers.isCallPermitted(endpoint)).isTrue();
        breakers.onResult(endpoint, duration, success);
    }

    private double openGauge() {
        return registry.get(MetricNames.CIRCUIT_BREAKERS_OPEN).tag("service", "payments").gauge().value();
    }

    @Test
    void failuresBelowTheMinimumCalls_doNotOpen_thenTheFailureRateOpens_onlyThatEndpoint() {
        call(A, FAST, false);
        call(A, FAST, false);
        call(A, FAST, false);
        assertThat(breakers.state(A)).isEqualTo(State.CLOSED);
        call(A, FAST, true);
        assertThat(breakers.state(A)).isEqualTo(State.OPEN);
        assertThat(breakers.isCallPermitted(A)).isFalse();
        assertThat(breakers.isCallPermitted(B)).isTrue();
        breakers.release(B);
        assertThat(openGauge()).isEqualTo(1.0);
        assertThat(registry.get(MetricNames.CIRCUIT_BREAKER_TRANSITIONS).tag("state", "open").counter().count()).isEqualTo(1.0);
    }

    @Test
    void afterTheOpenWait_halfOpenProbesGoThrough_andSuccessfulProbesClose() {
        for (int i = 0; i < 4; i++) {
            call(A, FAST, false);
        }
        clock.advance(Duration.ofSeconds(29));
        assertThat(breakers.isCallPermitted(A)).as("still open at 29 s").isFalse();
        clock.advance(Duration.ofSeconds(1).plusMillis(1));
        assertThat(breakers.isCallPermitted(A)).as("first probe, just after 30 s").isTrue();
        assertThat(breakers.state(A)).isEqualTo(State.HALF_OPEN);
        assertThat(breakers.isCallPermitted(A)).as("second probe").isTrue();
        assertThat(breakers.isCallPermitted(A)).as("no third probe").isFalse();
        breakers.onResult(A, FAST, true);
        breakers.onResult(A, FAST, true);
        assertThat(breakers.state(A)).isEqualTo(State.CLOSED);
        assertThat(openGauge()).isZero();
        assertThat(registry.get(MetricNames.CIRCUIT_BREAKER_TRANSITIONS).tag("state", "closed").counter().count()).isEqualTo(1.0);
    }

    @Test
    void failedHalfOpenProbes_openAgain() {
        for (int i = 0; i < 4; i++) {
            call(A, FAST, false);
        }
        clock.advance(Duration.ofSeconds(31));
        call(A, FAST, false);
        call(A, FAST, false);
        assertThat(breakers.state(A)).isEqualTo(State.OPEN);
    }

    @Test
    void slowCalls_openByTheSlowCallRate_thoughEveryCallSucceeded() {
        call(A, Duration.ofSeconds(2), true);
        call(A, Duration.ofSeconds(2), true);
        call(A, Duration.ofSeconds(3), true);
        call(A, Duration.ofMillis(1500), true);
        assertThat(breakers.state(A)).isEqualTo(State.OPEN);
        call(B, Duration.ofSeconds(2), true);
        call(B, FAST, true);
        call(B, FAST, true);
        call(B, FAST, true);
        assertThat(breakers.state(B)).isEqualTo(State.CLOSED);
    }

    @Test
    void endpointsThatLeaveTheClusterAreForgotten() {
        for (int i = 0; i < 4; i++) {
            call(A, FAST, false);
        }
        breakers.retainOnly(List.of(B));
        assertThat(openGauge()).isZero();
        assertThat(breakers.state(A)).isEqualTo(State.CLOSED);
    }

    @Test
    void anEndpointIsItsHostAndPortWhateverElseTheConfigSaysOfIt() {
        Endpoint reweighted = new Endpoint("10.0.0.1", 8080, 5, "b", true, "i-1");
        for (int i = 0; i < 2; i++) {
            call(A, FAST, false);
            call(reweighted, FAST, false);
        }
        assertThat(breakers.state(reweighted)).isEqualTo(State.OPEN);
        assertThat(breakers.state(A)).isEqualTo(State.OPEN);

        breakers.retainOnly(List.of(reweighted)); // still listed: its breaker stays, open
        assertThat(breakers.isCallPermitted(A)).isFalse();
        breakers.retainOnly(List.of(B));
        assertThat(breakers.isCallPermitted(A)).isTrue(); // forgotten: a new breaker
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new CircuitBreakerSettings(150f, 100f, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 1,
                CircuitBreakerSettings.SlidingWindowType.COUNT, 1)).hasMessage("failureRateThreshold: 150.0 (expected: > 0 and <= 100)");
        assertThatThrownBy(() -> new CircuitBreakerSettings(50f, 100f, Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 1,
                CircuitBreakerSettings.SlidingWindowType.COUNT, 1)).hasMessage("minimumNumberOfCalls: 0 (expected: >= 1)");
    }
}
