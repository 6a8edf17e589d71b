package io.banyan.dataplane.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolSettingsTest {

    private final PoolSettings settings = new PoolSettings(Duration.ofSeconds(60), 8);

    @Test
    void aClusterIdleTimeoutBelowTheCapWins() {
        assertThat(settings.idleTimeoutFor(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theCapBoundsALongerClusterIdleTimeout() {
        assertThat(settings.idleTimeoutFor(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aClusterWithoutIdleTimeoutGetsTheCap() {
        assertThat(settings.idleTimeoutFor(Duration.ZERO)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aZeroCapIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new PoolSettings(Duration.ZERO, 8))
                .hasMessage("idleTimeout: PT0S (expected: > 0)");
    }
}
