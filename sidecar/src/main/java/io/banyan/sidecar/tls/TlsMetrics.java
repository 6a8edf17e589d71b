package io.banyan.sidecar.tls;

import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** The TLS meters: handshake failures by direction and reason, and the workload certificate's time to expiry. */
public final class TlsMetrics {

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";
    public static final String CONTROL_PLANE = "control_plane";
    /** An edge gateway's handshakes with clients outside the mesh. */
    public static final String EDGE = "edge";

    private final MeterRegistry registry;

    public TlsMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Counts a failed handshake; returns the reason it was counted under. */
    public String handshakeFailed(String direction, Throwable cause) {
        String reason = HandshakeFailureReason.of(cause);
        Counter.builder(MetricNames.TLS_HANDSHAKE_FAILURES)
                .tag("direction", direction)
                .tag("reason", reason)
                .register(registry)
                .increment();
        return reason;
    }

    /** Seconds until the current certificate's notAfter (negative once expired; NaN before the first one). */
    public void certificateExpiry(String service, Supplier<java.util.Optional<WorkloadIdentity>> current, Clock clock) {
        Gauge.builder(MetricNames.CERTIFICATE_EXPIRY, () -> current.get()
                        .map(identity -> Duration.between(clock.instant(), identity.notAfter()).toMillis() / 1000.0)
                        .orElse(Double.NaN))
                .tag("service", service)
                .strongReference(true)
                .register(registry);
    }
}
