package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JitteredBackoffTest {

    private static final long BASE = Duration.ofMillis(25).toNanos();

    @Test
    void eachRetryWaitsAtMostTwoToTheNMinusOneTimesBase_cappedAtTenTimesBase() {
        Backoff backoff = Backoff.of(RetryPolicy.istioDefault(), new Random(7));
        for (int retry = 1; retry <= 10; retry++) {
            long ceiling = Math.min(10 * BASE, ((1L << retry) - 1) * BASE);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.nextDelayNanos(retry)).isBetween(0L, ceiling);
            }
        }
        assertThat(backoff.nextDelayNanos(Integer.MAX_VALUE)).isBetween(0L, 10 * BASE);
    }

    @Test
    void theJitterIsFull_spreadingOverTheWholeRange() {
        Backoff backoff = Backoff.exponentialWithFullJitter(Duration.ofMillis(25), Duration.ofMillis(250), new Random(1));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long delay = backoff.nextDelayNanos(3);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(7 * BASE / 10);
        assertThat(max).isGreaterThan(7 * BASE * 9 / 10);
    }

    @Test
    void aSeededRandomGivesTheSameDelays_andTheSharedRandomWorks() {
        Backoff first = Backoff.exponentialWithFullJitter(Duration.ofMillis(25), Duration.ofMillis(250), new Random(3));
        Backoff second = Backoff.exponentialWithFullJitter(Duration.ofMillis(25), Duration.ofMillis(250), new Random(3));
        assertThat(first.nextDelayNanos(2)).isEqualTo(second.nextDelayNanos(2));
        Backoff shared = Backoff.exponentialWithFullJitter(Duration.ofMillis(25), Duration.ofMillis(250), Backoff.threadLocalRandom());
        assertThat(shared.nextDelayNanos(1)).isBetween(0L, BASE);
    }
}
