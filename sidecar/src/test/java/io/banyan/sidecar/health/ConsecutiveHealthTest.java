package io.banyan.sidecar.health;

import io.banyan.dataplane.config.EndpointHealthCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsecutiveHealthTest {

    @Test
    void startsUnhealthyAndTurnsHealthyAfterTheHealthyThreshold() {
        ConsecutiveHealth health = new ConsecutiveHealth(2, 2);

        assertThat(health.healthy()).isFalse();
        assertThat(health.record(true)).as("one success of two").isFalse();
        assertThat(health.record(true)).as("second success flips").isTrue();
        assertThat(health.healthy()).isTrue();
    }

    @Test
    void oneFailureDoesNotFlapButTheUnhealthyThresholdDoes() {
        ConsecutiveHealth health = new ConsecutiveHealth(1, 2);
        health.record(true);

        assertThat(health.record(false)).as("a blip").isFalse();
        assertThat(health.healthy()).isTrue();
        assertThat(health.record(true)).as("success resets the failure run").isFalse();
        assertThat(health.record(false)).isFalse();
        assertThat(health.record(false)).as("two failures in a row").isTrue();
        assertThat(health.healthy()).isFalse();
        assertThat(health.record(false)).as("no second transition").isFalse();
    }

    @Test
    void anEndpointCheckStartsHealthy_andUsesTheThresholdsOfItsCheck() {
        ConsecutiveHealth health = new ConsecutiveHealth(
                new EndpointHealthCheck("/health", Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1), true);

        assertThat(health.healthy()).isTrue();
        assertThat(health.record(false)).as("one failure is the unhealthy threshold").isTrue();
        assertThat(health.record(true)).as("one success of two").isFalse();
        assertThat(health.record(true)).isTrue();
        assertThat(health.healthy()).isTrue();
    }

    @Test
    void theAppCheckAndEndpointChecksShareOneRecord() {
        HealthCheckConfig app = HealthCheckConfig.forLocalApp(8080, "/health").withThresholds(3, 4);

        assertThat(app.check()).isEqualTo(new EndpointHealthCheck("/health", HealthCheckConfig.DEFAULT_INTERVAL,
                HealthCheckConfig.DEFAULT_TIMEOUT, 3, 4));
        assertThatThrownBy(() -> HealthCheckConfig.forLocalApp(8080, "health"))
                .hasMessage("healthCheck.path: 'health' (expected: starts with '/')");
    }

    @Test
    void rejectsThresholdsBelowOne() {
        assertThatThrownBy(() -> new ConsecutiveHealth(0, 2))
                .hasMessage("healthyThreshold: 0 (expected: >= 1)");
        assertThatThrownBy(() -> HealthCheckConfig.forLocalApp(70000, "/health"))
                .hasMessage("healthCheck.port: 70000 (expected: 1..65535)");
    }
}
