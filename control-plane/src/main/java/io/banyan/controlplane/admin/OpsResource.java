package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteTable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code /healthz} and {@code /metrics}: open to anyone (no token), for probes and scrapers. */
final class OpsResource implements AdminResource {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry prometheus;

    OpsResource(PrometheusMeterRegistry prometheus) {
        this.prometheus = prometheus;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.addOpen("GET", "/healthz", request -> AdminResponse.text(200, "text/plain; charset=utf-8", "ok\n"))
                .addOpen("GET", "/metrics", request -> AdminResponse.text(200, PROMETHEUS_TEXT, prometheus.scrape()));
    }
}
