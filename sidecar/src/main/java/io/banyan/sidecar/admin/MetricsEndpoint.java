package io.banyan.sidecar.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** {@code GET /metrics}: the Prometheus text exposition format 0.0.4. */
final class MetricsEndpoint implements AdminEndpoint {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public AdminResponse handle() {
        return new AdminResponse(200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
