package io.banyan.sidecar.tcp;

import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;

/** The tcp_proxy meters of one data plane; {@link #of} gives those of one listener and target cluster. */
public final class TcpMetrics {

    private final MeterRegistry registry;

    public TcpMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The meters of connections from {@code listener} to {@code service} (a cluster name). */
    Meters of(String listener, String service) {
        return new Meters(
                counter(MetricNames.TCP_CONNECTIONS, listener, service),
                counter(MetricNames.TCP_CONNECTIONS_FAILED, listener, service),
                counter(MetricNames.TCP_CONNECT_FAILURES, listener, service),
                Counter.builder(MetricNames.TCP_BYTES).baseUnit("bytes")
                        .tags("listener", listener, "service", service, "to", "upstream").register(registry),
                Counter.builder(MetricNames.TCP_BYTES).baseUnit("bytes")
                        .tags("listener", listener, "service", service, "to", "downstream").register(registry),
                counter(MetricNames.TCP_CONNECTIONS_DENIED, listener, service),
                counter(MetricNames.TCP_CONNECTIONS_DRAINED, listener, service),
                Counter.builder(MetricNames.DOWNSTREAM_TIMEOUTS)
                        .tags("listener", listener, "timeout", "idle").register(registry));
    }

    private Counter counter(String name, String listener, String service) {
        return Counter.builder(name).tags("listener", listener, "service", service).register(registry);
    }

    /**
     * Meters of one listener and cluster; {@code idleTimeouts} is the listener's
     * {@link MetricNames#DOWNSTREAM_TIMEOUTS} with timeout=idle, as HTTP listeners count theirs.
     */
    record Meters(Counter connections, Counter connectionsFailed, Counter connectFailures, Counter bytesToUpstream,
                  Counter bytesToDownstream, Counter denied, Counter drained, Counter idleTimeouts) {
    }
}
