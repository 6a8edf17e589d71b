package io.banyan.sidecar.xds;

import io.banyan.dataplane.xds.XdsType;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The xDS client's meters: connection state, config age, responses received by type and updates by type and result (ack|nack). */
final class XdsMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Gauge connectedGauge;
    private final Gauge configAgeGauge;
    private volatile boolean connected;
    private volatile Instant lastAccepted;
    private FunctionCounter failoverCounter;
    private final Gauge staleGauge;
    private volatile boolean stale;

    XdsMetrics(MeterRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        connectedGauge = Gauge.builder(MetricNames.XDS_CONNECTED, this, metrics -> metrics.connected ? 1 : 0)
                .description("1 while the ADS stream is connected, else 0")
                .strongReference(true)
                .register(registry);
        staleGauge = Gauge.builder(MetricNames.XDS_STALE_CONFIG, this, metrics -> metrics.stale ? 1 : 0)
                .description("1 while the sidecar serves the configuration saved in its data dir without having heard "
                        + "from a control plane since it started, else 0")
                .strongReference(true)
                .register(registry);
        configAgeGauge = Gauge.builder(MetricNames.XDS_CONFIG_AGE, this, XdsMetrics::configAgeSeconds)
                .description("seconds since the last accepted xDS update (NaN before the first)")
                .strongReference(true)
                .register(registry);
    }

    /** Counts the moves of {@code endpoints} to another control-plane replica. */
    void failovers(ControlPlaneEndpoints endpoints) {
        failoverCounter = FunctionCounter.builder(MetricNames.XDS_CONTROL_PLANE_FAILOVERS, endpoints,
                        ControlPlaneEndpoints::failovers)
                .description("times the sidecar moved to another control-plane replica (stream lost or refused)")
                .register(registry);
    }

    void stale(boolean serving) {
        stale = serving;
    }

    void connected(boolean up) {
        connected = up;
    }

    /** A response (push) of {@code type} arrived, before it is applied (then ACKed or NACKed). */
    void received(XdsType type) {
        Counter.builder(MetricNames.XDS_RESPONSES_RECEIVED)
                .description("xDS responses received from the control plane, by type")
                .tag("type", type.shortName())
                .register(registry)
                .increment();
    }

    void accepted(XdsType type, Instant at) {
        lastAccepted = at;
        updates(type, "ack").increment();
    }

    void rejected(XdsType type) {
        updates(type, "nack").increment();
    }

    double configAgeSeconds() {
        Instant last = lastAccepted;
        return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }

    /** Removes the gauges (they would otherwise keep this client's last state after it closed). */
    @Override
    public void close() {
        registry.remove(connectedGauge);
        registry.remove(configAgeGauge);
        registry.remove(staleGauge);
        if (failoverCounter != null) {
            registry.remove(failoverCounter);
        }
    }

    private Counter updates(XdsType type, String result) {
        return Counter.builder(MetricNames.XDS_UPDATES)
                .description("xDS updates by type and result")
                .tag("type", type.shortName())
                .tag("result", result)
                .register(registry);
    }
}
