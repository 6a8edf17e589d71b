package io.banyan.sidecar.xds;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconnectBackoffTest {

    @Test
    void doublesUpToTheMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500), 0.2, () -> 0.0);

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(1000)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void jitterShortensTheDelayByAtMostItsFraction() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(1000), Duration.ofSeconds(10), 0.2, () -> 0.5);

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void theDefaultRetriesWithinSecondsNeverMinutes() {
        assertThat(ReconnectBackoff.DEFAULT.delay(1000)).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(ReconnectBackoff.DEFAULT.delay(1)).isLessThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> ReconnectBackoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("backoff.max: PT1S (expected: >= initial PT2S)");
    }
}
