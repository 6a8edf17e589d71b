package io.banyan.primitives.time;

import io.banyan.primitives.random.PerThreadRandom;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private static final long BASE = Duration.ofMillis(25).toNanos();

    /** A random source whose every double is {@code value}. */
    private static RandomGenerator always(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void doublesUpToTheMaximum() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(500))
                .withJitter(Jitter.of(0.2)).withRandom(always(0.0));

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(1000)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void jitterShortensTheDelayByAtMostItsFraction() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(1000), Duration.ofSeconds(10))
                .withJitter(Jitter.of(0.2)).withRandom(always(0.5));

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(900));
        assertThat(backoff.withJitter(Jitter.EQUAL).delay(1)).isEqualTo(Duration.ofMillis(750));
        assertThat(backoff.withJitter(Jitter.FULL).delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.withJitter(Jitter.NONE).delay(1)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void equalJitterWaitsAtLeastHalf_fullJitterMayWaitAlmostNothing() {
        Backoff equal = Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(10)).withJitter(Jitter.EQUAL)
                .withRandom(always(0.999_999));
        Backoff full = equal.withJitter(Jitter.FULL);

        assertThat(equal.delay(1)).isGreaterThan(Duration.ofMillis(250));
        assertThat(full.delay(1)).isLessThan(Duration.ofMillis(1));
    }

    @Test
    void aFixedBackoffAlwaysWaitsTheSame() {
        Backoff fixed = Backoff.fixed(Duration.ofMillis(100));
        assertThat(fixed.delayNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(fixed.delayNanos(7)).isEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("backoff.max: PT1S (expected: >= initial PT2S)");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("backoff.initial: PT0S (expected: > 0)");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2)).withMultiplier(0.5))
                .hasMessage("backoff.multiplier: 0.5 (expected: >= 1)");
        assertThatThrownBy(() -> Jitter.of(1.5)).hasMessage("jitter: 1.5 (expected: >= 0 and <= 1)");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(1)).delay(0))
                .hasMessage("attempt: 0 (expected: >= 1)");
    }

    /** Envoy's retry backoff: uniformly random in [0, (2^n - 1) * base], capped at max. */
    private static Backoff envoy(Duration base, Duration max, RandomGenerator random) {
        return Backoff.exponential(base, max).withGrowth(Growth.CUMULATIVE).withJitter(Jitter.FULL).withRandom(random);
    }

    @Test
    void cumulativeGrowth_eachRetryWaitsAtMostTwoToTheNMinusOneTimesBase_cappedAtTenTimesBase() {
        Backoff backoff = envoy(Duration.ofMillis(25), Duration.ofMillis(250), new Random(7));
        for (int retry = 1; retry <= 10; retry++) {
            long ceiling = Math.min(10 * BASE, ((1L << retry) - 1) * BASE);
            assertThat(backoff.ceilingNanos(retry)).isEqualTo(ceiling);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delayNanos(retry)).isBetween(0L, ceiling);
            }
        }
        assertThat(backoff.delayNanos(Integer.MAX_VALUE)).isBetween(0L, 10 * BASE);
    }

    @Test
    void fullJitterSpreadsOverTheWholeRange() {
        Backoff backoff = envoy(Duration.ofMillis(25), Duration.ofMillis(250), new Random(1));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long delay = backoff.delayNanos(3);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(7 * BASE / 10);
        assertThat(max).isGreaterThan(7 * BASE * 9 / 10);
    }

    @Test
    void aSeededRandomGivesTheSameDelays_andTheSharedRandomWorks() {
        Backoff first = envoy(Duration.ofMillis(25), Duration.ofMillis(250), new Random(3));
        Backoff second = envoy(Duration.ofMillis(25), Duration.ofMillis(250), new Random(3));
        assertThat(first.delayNanos(2)).isEqualTo(second.delayNanos(2));
        Backoff shared = envoy(Duration.ofMillis(25), Duration.ofMillis(250), PerThreadRandom.get());
        assertThat(shared.delayNanos(1)).isBetween(0L, BASE);
    }
}
