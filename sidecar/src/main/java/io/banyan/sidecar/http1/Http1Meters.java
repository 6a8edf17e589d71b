package io.banyan.sidecar.http1;

import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The counters of one listener's HTTP/1.1 guards, registered once: malformed requests by reason, timeouts by kind. */
public final class Http1Meters {

    private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);
    private final Map<SlowClientTimeouts.Kind, Counter> timeouts = new EnumMap<>(SlowClientTimeouts.Kind.class);

    public Http1Meters(MeterRegistry registry, String listener) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(listener, "listener");
        for (Rejection rejection : Rejection.values()) {
            rejections.put(rejection, Counter.builder(MetricNames.PROTOCOL_ERRORS)
                    .tag("listener", listener).tag("reason", rejection.reason()).register(registry));
        }
        for (SlowClientTimeouts.Kind kind : SlowClientTimeouts.Kind.values()) {
            timeouts.put(kind, Counter.builder(MetricNames.DOWNSTREAM_TIMEOUTS)
                    .tag("listener", listener).tag("timeout", kind.tag()).register(registry));
        }
    }

    void rejected(Rejection rejection) {
        rejections.get(rejection).increment();
    }

    void timedOut(SlowClientTimeouts.Kind kind) {
        timeouts.get(kind).increment();
    }
}
