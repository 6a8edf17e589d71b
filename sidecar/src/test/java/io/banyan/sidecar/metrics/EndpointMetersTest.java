package io.banyan.sidecar.metrics;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-endpoint series stay bounded: listed endpoints only, at most the limit, removed when they leave. */
class EndpointMetersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void endpointsBeyondTheLimitShareTheOverflowSeries() {
        EndpointMeters meters = new RequestMetrics(registry, 2).service("orders").endpoints();
        meters.retainOnly(List.of("10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"));

        meters.responded("10.0.0.1:80", 200, 1_000_000);
        meters.responded("10.0.0.2:80", 200, 1_000_000);
        meters.responded("10.0.0.3:80", 200, 1_000_000);
        meters.failed("10.0.0.3:80", ErrorCause.CONNECT_FAILURE);

        assertThat(meters.endpointsWithSeries()).containsExactlyInAnyOrder("10.0.0.1:80", "10.0.0.2:80");
        assertThat(registry.get(MetricNames.ENDPOINT_REQUESTS).tag("endpoint", EndpointMeters.OVERFLOW).timer().count())
                .isEqualTo(1);
        assertThat(registry.get(MetricNames.ENDPOINT_ERRORS).tag("endpoint", EndpointMeters.OVERFLOW).counter().count())
                .isEqualTo(1);
    }

    @Test
    void anEndpointNotInTheConfigGetsNoSeriesOfItsOwn() {
        EndpointMeters meters = new RequestMetrics(registry, 10).service("orders").endpoints();
        meters.retainOnly(List.of("10.0.0.1:80"));

        meters.failed("192.0.2.9:80", ErrorCause.UPSTREAM_RESET);

        assertThat(meters.endpointsWithSeries()).isEmpty();
        assertThat(registry.find(MetricNames.ENDPOINT_ERRORS).tag("endpoint", "192.0.2.9:80").counter()).isNull();
    }

    @Test
    void theSeriesOfAnEndpointThatLeftAreRemovedAndItsSlotFreed() {
        EndpointMeters meters = new RequestMetrics(registry, 1).service("orders").endpoints();
        meters.retainOnly(List.of("10.0.0.1:80"));
        meters.responded("10.0.0.1:80", 503, 1_000_000);
        meters.failed("10.0.0.1:80", ErrorCause.UPSTREAM_TIMEOUT);

        meters.retainOnly(List.of("10.0.0.2:80"));
        meters.responded("10.0.0.2:80", 200, 1_000_000);

        assertThat(registry.find(MetricNames.ENDPOINT_REQUESTS).tag("endpoint", "10.0.0.1:80").timer()).isNull();
        assertThat(registry.find(MetricNames.ENDPOINT_ERRORS).tag("endpoint", "10.0.0.1:80").counter()).isNull();
        assertThat(registry.get(MetricNames.ENDPOINT_REQUESTS).tag("endpoint", "10.0.0.2:80").timer().count())
                .isEqualTo(1);
    }

    @Test
    void anAttemptNamingItsConfigEndpointCountsInItsHostPortSeriesUntilAConfigDropsIt() {
        EndpointMeters meters = new RequestMetrics(registry, 1).service("orders").endpoints();
        Endpoint first = new Endpoint("10.0.0.1", 80, 1, "", false, null);
        Endpoint second = new Endpoint("10.0.0.2", 80, 1, "", false, null);
        meters.retainOnly(List.of("10.0.0.1:80", "10.0.0.2:80"));

        meters.responded(first, 200, 1_000_000);
        meters.responded(first, 200, 1_000_000);
        meters.responded("10.0.0.1:80", 200, 1_000_000);
        meters.failed(second, ErrorCause.CONNECT_FAILURE); // beyond the limit of 1
        meters.retainOnly(List.of("10.0.0.2:80"));
        meters.responded(first, 200, 1_000_000); // no longer listed: the overflow's
        meters.failed(second, ErrorCause.CONNECT_FAILURE); // its slot is free now

        assertThat(registry.find(MetricNames.ENDPOINT_REQUESTS).tag("endpoint", "10.0.0.1:80").timer()).isNull();
        assertThat(registry.get(MetricNames.ENDPOINT_REQUESTS).tag("endpoint", EndpointMeters.OVERFLOW).timer().count())
                .isEqualTo(1);
        assertThat(registry.get(MetricNames.ENDPOINT_ERRORS).tag("endpoint", "10.0.0.2:80").counter().count())
                .isEqualTo(1);
        assertThat(meters.endpointsWithSeries()).containsExactly("10.0.0.2:80");
    }

    @Test
    void anAttemptNamingItsConfigEndpointCountsInTheSameSeriesAsItsHostPort() {
        EndpointMeters meters = new RequestMetrics(registry, 4).service("orders").endpoints();
        meters.retainOnly(List.of("10.0.0.1:80"));

        meters.responded(new Endpoint("10.0.0.1", 80, 1, "", false, null), 200, 1_000_000);
        meters.responded(new Endpoint("10.0.0.1", 80, 3, "zone-b", true, "i-1"), 200, 1_000_000);
        meters.responded("10.0.0.1:80", 200, 1_000_000);

        assertThat(registry.get(MetricNames.ENDPOINT_REQUESTS).tag("endpoint", "10.0.0.1:80").timer().count())
                .isEqualTo(3);
    }

    @Test
    void aLimitOfZeroRegistersNothing() {
        EndpointMeters meters = new RequestMetrics(registry, 0).service("orders").endpoints();
        meters.retainOnly(List.of("10.0.0.1:80"));

        meters.responded("10.0.0.1:80", 200, 1_000_000);

        assertThat(meters.enabled()).isFalse();
        assertThat(registry.find(MetricNames.ENDPOINT_REQUESTS).meters()).isEmpty();
    }

    @Test
    void requestTimersPublishExactlyTheSloBuckets() {
        ServiceMeters meters = new RequestMetrics(registry).service("orders");
        meters.recordRequest(TrafficDirection.OUTBOUND, 200, 30_000_000);

        CountAtBucket[] buckets = registry.get(MetricNames.REQUESTS).timer().takeSnapshot().histogramCounts();
        double[] boundaries = Arrays.stream(buckets).mapToDouble(bucket -> bucket.bucket(TimeUnit.MILLISECONDS)).toArray();
        assertThat(boundaries).containsExactly(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
        assertThat(buckets[2].count()).isZero(); // 30 ms is not within le=25ms
        assertThat(buckets[3].count()).isEqualTo(1); // but within le=50ms
    }
}
