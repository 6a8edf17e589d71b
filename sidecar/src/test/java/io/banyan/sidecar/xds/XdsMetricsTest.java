package io.banyan.sidecar.xds;

import io.banyan.dataplane.xds.XdsType;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class XdsMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final XdsMetrics metrics = new XdsMetrics(registry, new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }
    });

    @Test
    void configAgeCountsFromTheLastAcceptedUpdate() {
        assertThat(registry.get(MetricNames.XDS_CONFIG_AGE).gauge().value()).isNaN();

        metrics.accepted(XdsType.CLUSTER, T0);
        clock = Clock.offset(clock, Duration.ofMillis(2500));

        assertThat(registry.get(MetricNames.XDS_CONFIG_AGE).gauge().value()).isEqualTo(2.5);
    }

    @Test
    void countsUpdatesByTypeAndResultAndShowsTheConnection() {
        metrics.accepted(XdsType.LISTENER, T0);
        metrics.rejected(XdsType.LISTENER);
        metrics.rejected(XdsType.LISTENER);
        metrics.connected(true);

        assertThat(registry.get(MetricNames.XDS_UPDATES).tags("type", "listener", "result", "ack").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(MetricNames.XDS_UPDATES).tags("type", "listener", "result", "nack").counter().count())
                .isEqualTo(2);
        assertThat(registry.get(MetricNames.XDS_CONNECTED).gauge().value()).isEqualTo(1);

        metrics.connected(false);

        assertThat(registry.get(MetricNames.XDS_CONNECTED).gauge().value()).isZero();
    }
}
