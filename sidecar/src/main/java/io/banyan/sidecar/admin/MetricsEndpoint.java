package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Objects;

/** {@code GET /metrics}: the Prometheus text exposition format 0.0.4. */
final class MetricsEndpoint implements RouteHandler {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        return AdminResponse.text(200, CONTENT_TYPE, registry.scrape());
    }
}
