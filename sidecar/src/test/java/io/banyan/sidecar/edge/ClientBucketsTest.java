package io.banyan.sidecar.edge;

import io.banyan.dataplane.config.ClientKeySource;
import io.banyan.dataplane.config.ClientRateLimitSettings;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClientBucketsTest {

    private static final ClientRateLimitSettings TWO_PER_SECOND = new ClientRateLimitSettings(ClientKeySource.CLIENT_IP, 2, 2);
    private final FakeClock clock = new FakeClock();

    @Test
    void aBucketEmptiesThenRefillsAtItsRate() {
        ClientBuckets buckets = new ClientBuckets(clock::nanoTime, 10);

        assertThat(buckets.take(TWO_PER_SECOND, "a")).isZero();
        assertThat(buckets.take(TWO_PER_SECOND, "a")).isZero();
        assertThat(buckets.take(TWO_PER_SECOND, "a")).isEqualTo(Duration.ofMillis(500).toNanos());
        clock.advance(Duration.ofMillis(499));
        assertThat(buckets.take(TWO_PER_SECOND, "a")).isPositive();
        clock.advance(Duration.ofMillis(1));
        assertThat(buckets.take(TWO_PER_SECOND, "a")).isZero();
    }

    @Test
    void memoryIsBoundedAndTheLeastRecentlyUsedClientGoesFirst() {
        ClientBuckets buckets = new ClientBuckets(clock::nanoTime, 3);
        buckets.take(TWO_PER_SECOND, "a");
        buckets.take(TWO_PER_SECOND, "a");
        buckets.take(TWO_PER_SECOND, "b");
        buckets.take(TWO_PER_SECOND, "c");
        buckets.take(TWO_PER_SECOND, "a"); // refused, and a is now the most recently used

        for (int i = 0; i < 10_000; i++) {
            buckets.take(TWO_PER_SECOND, "client-" + i);
            assertThat(buckets.size()).isLessThanOrEqualTo(3);
        }
        buckets.take(TWO_PER_SECOND, "x");
        assertThat(buckets.size()).isEqualTo(3);
        assertThat(buckets.take(TWO_PER_SECOND, "a")).isZero(); // evicted long ago: back with a full bucket
    }

    @Test
    void aNewBoundHoldsFromNowOnAndASmallerOneEvictsTheLeastRecentlyUsedAtOnce() {
        ClientBuckets buckets = new ClientBuckets(clock::nanoTime, 3);
        buckets.take(TWO_PER_SECOND, "a");
        buckets.take(TWO_PER_SECOND, "a");
        buckets.take(TWO_PER_SECOND, "b");
        buckets.take(TWO_PER_SECOND, "c");
        buckets.take(TWO_PER_SECOND, "a");

        buckets.resize(1);

        assertThat(buckets.size()).isEqualTo(1);
        assertThat(buckets.take(TWO_PER_SECOND, "a")).as("the most recently used kept, still empty").isPositive();

        buckets.resize(5);
        for (int i = 0; i < 100; i++) {
            buckets.take(TWO_PER_SECOND, "client-" + i);
        }
        assertThat(buckets.size()).isEqualTo(5);
    }

    @Test
    void aLimitAndAClientMakeABucket() {
        ClientBuckets buckets = new ClientBuckets(clock::nanoTime, 10);
        ClientRateLimitSettings other = new ClientRateLimitSettings(ClientKeySource.CLIENT_IP, 1, 1);

        assertThat(buckets.take(other, "a")).isZero();
        assertThat(buckets.take(other, "a")).isPositive();
        assertThat(buckets.take(TWO_PER_SECOND, "a")).isZero();
    }
}
