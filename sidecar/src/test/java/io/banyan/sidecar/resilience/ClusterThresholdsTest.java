package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.resilience.ClusterThresholds.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterThresholdsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClusterThresholds thresholds = new ClusterThresholds(new ThresholdSettings(2, 1, 3, 1),
            new ResilienceMetrics(registry, "payments"));

    private double overflows(Resource resource) {
        return registry.get(MetricNames.CLUSTER_OVERFLOWS).tag("resource", resource.token()).counter().count();
    }

    @Test
    void requestsBeyondMaxRequests_getAFast503Overflow_untilOneIsReleased() {
        for (int i = 0; i < 3; i++) {
            assertThat(thresholds.tryAcquire(Resource.REQUESTS)).isTrue();
        }
        assertThat(thresholds.tryAcquire(Resource.REQUESTS)).as("over the threshold").isFalse();
        assertThat(ErrorCause.OVERFLOW.status()).isEqualTo(503);
        assertThat(overflows(Resource.REQUESTS)).isEqualTo(1.0);
        thresholds.release(Resource.REQUESTS);
        assertThat(thresholds.active(Resource.REQUESTS)).isEqualTo(2);
        assertThat(thresholds.tryAcquire(Resource.REQUESTS)).isTrue();
    }

    @Test
    void eachResourceHasItsOwnLimit() {
        assertThat(thresholds.tryAcquire(Resource.CONNECTIONS)).isTrue();
        assertThat(thresholds.tryAcquire(Resource.CONNECTIONS)).isTrue();
        assertThat(thresholds.tryAcquire(Resource.CONNECTIONS)).isFalse();
        assertThat(thresholds.tryAcquire(Resource.PENDING_REQUESTS)).isTrue();
        assertThat(thresholds.tryAcquire(Resource.PENDING_REQUESTS)).isFalse();
        assertThat(thresholds.tryAcquire(Resource.RETRIES)).isTrue();
        assertThat(thresholds.tryAcquire(Resource.RETRIES)).isFalse();
        assertThat(thresholds.requestsInFlight()).isEqualTo(1);
        assertThat(overflows(Resource.CONNECTIONS)).isEqualTo(1.0);
        assertThat(overflows(Resource.PENDING_REQUESTS)).isEqualTo(1.0);
    }

    @Test
    void aReleaseWithoutAcquireNeverGoesNegative() {
        thresholds.release(Resource.REQUESTS);
        assertThat(thresholds.active(Resource.REQUESTS)).isZero();
    }

    @Test
    void concurrentAcquiresNeverExceedTheLimit() throws Exception {
        ClusterThresholds shared = new ClusterThresholds(new ThresholdSettings(1, 1, 100, 1), ResilienceMetrics.unregistered("x"));
        Thread[] threads = new Thread[4];
        int[] admitted = new int[4];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    if (shared.tryAcquire(Resource.REQUESTS)) {
                        admitted[index]++;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(admitted[0] + admitted[1] + admitted[2] + admitted[3]).isEqualTo(100);
    }

    @Test
    void defaultsAre1024_andSettingsAreValidated() {
        assertThat(ThresholdSettings.DEFAULT.maxRequests()).isEqualTo(1024);
        assertThatThrownBy(() -> new ThresholdSettings(0, 1, 1, 1)).hasMessage("maxConnections: 0 (expected: >= 1)");
    }
}
