package io.banyan.sidecar.admin;

import java.util.Objects;

/** {@code GET /ready}: 200 "ready", or 503 with the reason. */
final class ReadyEndpoint implements AdminEndpoint {

    private final Readiness readiness;

    ReadyEndpoint(Readiness readiness) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    @Override
    public AdminResponse handle() {
        ReadinessStatus status = readiness.check();
        return status.ready() ? AdminResponse.text(200, "ready") : AdminResponse.text(503, status.reason());
    }
}
