package io.banyan.sidecar.http2;

import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The counters of one listener's HTTP/2 guards, registered once: refusals, resets and closes by reason. */
public final class Http2Meters {

    private final Map<Http2Reason, Counter> errors = new EnumMap<>(Http2Reason.class);

    public Http2Meters(MeterRegistry registry, String listener) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(listener, "listener");
        for (Http2Reason reason : Http2Reason.values()) {
            errors.put(reason, Counter.builder(MetricNames.HTTP2_ERRORS)
                    .tag("listener", listener).tag("reason", reason.tag()).register(registry));
        }
    }

    void record(Http2Reason reason) {
        errors.get(reason).increment();
    }
}
