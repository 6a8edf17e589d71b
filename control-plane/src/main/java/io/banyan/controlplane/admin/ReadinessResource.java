package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteTable;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /readyz}: {@code 200 ready} while the control plane can take changes, {@code 503 not ready: <reason>}
 * while it cannot (its store is unavailable). Open to anyone, for readiness probes; {@code /healthz} stays the
 * liveness answer, since a restart would not heal a full disk and the store reopens by itself.
 */
public final class ReadinessResource implements AdminResource {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final Supplier<Optional<String>> notReadyReason;

    /** {@code notReadyReason} names why the control plane is not ready, or is empty when it is. */
    public ReadinessResource(Supplier<Optional<String>> notReadyReason) {
        this.notReadyReason = notReadyReason;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.addOpen("GET", "/readyz", request -> notReadyReason.get()
                .map(reason -> AdminResponse.text(503, TEXT, "not ready: " + reason + "\n"))
                .orElseGet(() -> AdminResponse.text(200, TEXT, "ready\n")));
    }
}
