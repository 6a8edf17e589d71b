package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.RateLimitSettings;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRateLimiterTest {

    private final FakeClock clock = new FakeClock();
    private final Ticker ticker = clock::nanoTime;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LocalRateLimiter limiter = new LocalRateLimiter(new RateLimitSettings(3, 2, Duration.ofSeconds(1)), ticker,
            new ResilienceMetrics(registry, "orders"));

    @Test
    void aFullBucketAllowsABurst_thenAnswers429_thenRefillsEachInterval_uptoMax() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire()).as("burst %d", i).isTrue();
        }
        assertThat(limiter.tryAcquire()).as("refused").isFalse();
        assertThat(ErrorCause.RATE_LIMITED.status()).isEqualTo(429);
        clock.advance(Duration.ofMillis(999));
        assertThat(limiter.tryAcquire()).as("not yet refilled").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.availableTokens()).isEqualTo(2);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.availableTokens()).as("capped at maxTokens").isEqualTo(3);
        assertThat(registry.get(MetricNames.RATE_LIMITED).tag("service", "orders").counter().count()).isEqualTo(3.0);
    }

    @Test
    void fillsHappenAtIntervalBoundaries_soPartialIntervalsAreNotLost() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire();
        }
        clock.advance(Duration.ofMillis(600));
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(600));
        assertThat(limiter.availableTokens()).isEqualTo(2);
        limiter.tryAcquire();
        clock.advance(Duration.ofMillis(800));
        assertThat(limiter.availableTokens()).as("second boundary at 2 s").isEqualTo(3);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new RateLimitSettings(0, 1, Duration.ofSeconds(1))).hasMessage("maxTokens: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new RateLimitSettings(1, 1, Duration.ofMillis(10)))
                .hasMessage("fillInterval: PT0.01S (expected: >= 50ms, as Envoy)");
        assertThat(RateLimitSettings.perSecond(100).maxTokens()).isEqualTo(100);
    }
}
