package io.banyan.sidecar.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    /** nextDouble() fixed at 0.5: no jitter; at 1.0 (almost): +jitter. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void doublesFromInitialUpToMax() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(15), 0.2,
                fixed(0.5));

        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(400));
        for (int i = 0; i < 40; i++) {
            backoff.nextDelay();
        }
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void spreadsByJitterAndResets() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(15), 0.2,
                fixed(0.0));
        backoff.nextDelay();
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(160));

        backoff.reset();

        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void validatesItsSettings() {
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(1), 0.2, fixed(0)))
                .hasMessage("initial: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5, fixed(0)))
                .hasMessage("jitter: 1.5 (expected: >= 0 and < 1)");
    }
}
