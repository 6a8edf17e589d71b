package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.resilience.ClusterThresholds.Resource;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.ResilienceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeldResourceTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClusterThresholds thresholds = new ClusterThresholds(new ThresholdSettings(2, 1, 1024, 3),
            new ResilienceMetrics(registry, "orders"));

    @Test
    void eachHeldConnectionCountsUntilReleasedAndOneBeyondTheThresholdOverflows() {
        HeldResource first = HeldResource.tryTake(thresholds, Resource.CONNECTIONS);
        HeldResource second = HeldResource.tryTake(thresholds, Resource.CONNECTIONS);

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isEqualTo(2);
        assertThat(HeldResource.tryTake(thresholds, Resource.CONNECTIONS)).isNull();
        assertThat(registry.get(MetricNames.CLUSTER_OVERFLOWS).tag("resource", "connections").counter().count())
                .isEqualTo(1);

        first.release();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isEqualTo(1);
        assertThat(HeldResource.tryTake(thresholds, Resource.CONNECTIONS)).isNotNull();
    }

    @Test
    void releasingTwiceGivesBackOneUnit() {
        HeldResource pending = HeldResource.tryTake(thresholds, Resource.PENDING_REQUESTS);
        HeldResource other = HeldResource.tryTake(thresholds, Resource.CONNECTIONS);

        pending.release();
        pending.release();
        other.release();
        other.release();

        assertThat(thresholds.active(Resource.PENDING_REQUESTS)).isZero();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isZero();
        HeldResource again = HeldResource.tryTake(thresholds, Resource.PENDING_REQUESTS);
        assertThat(again).isNotNull();
        assertThat(thresholds.active(Resource.PENDING_REQUESTS)).isEqualTo(1);
    }

    @Test
    void withoutThresholdsNothingIsCounted() {
        HeldResource none = HeldResource.tryTake(null, Resource.CONNECTIONS);

        assertThat(none).isSameAs(HeldResource.NONE);
        none.release();
        assertThat(thresholds.active(Resource.CONNECTIONS)).isZero();
    }
}
