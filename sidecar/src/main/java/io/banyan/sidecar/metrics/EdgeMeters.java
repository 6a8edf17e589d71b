package io.banyan.sidecar.metrics;

import io.banyan.sidecar.core.ErrorCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/** The gateway's own answers to end-user requests ({@link MetricNames#EDGE_ANSWERS}); outcomes are a closed set. */
public final class EdgeMeters {

    public static final String PREFLIGHT = "cors_preflight";

    private final Map<ErrorCause, Counter> rejections = new EnumMap<>(ErrorCause.class);
    private final Counter preflights;

    public EdgeMeters(MeterRegistry registry) {
        for (ErrorCause cause : ErrorCause.values()) {
            rejections.put(cause, Counter.builder(MetricNames.EDGE_ANSWERS).tag("outcome", cause.token())
                    .register(registry));
        }
        preflights = Counter.builder(MetricNames.EDGE_ANSWERS).tag("outcome", PREFLIGHT).register(registry);
    }

    public void rejected(ErrorCause cause) {
        rejections.get(cause).increment();
    }

    public void preflight() {
        preflights.increment();
    }
}
