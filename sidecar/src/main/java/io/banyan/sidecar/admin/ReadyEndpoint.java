package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteHandler;

import java.util.Objects;

/** {@code GET /ready}: 200 "ready" (and a note, e.g. {@code stale_config since ...}), or 503 with the reason. */
final class ReadyEndpoint implements RouteHandler {

    private final Readiness readiness;

    ReadyEndpoint(Readiness readiness) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        ReadinessStatus status = readiness.check();
        return AdminRoutes.text(status.ready() ? 200 : 503, status.reason());
    }
}
