package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.RouteTable;

import java.util.List;
import java.util.function.Supplier;

/** {@code GET /v1/sidecars}: connected sidecars and, per xDS type, the version each ACKed or NACKed (and why). */
public final class SidecarsResource implements AdminResource {

    private final Supplier<? extends List<?>> sidecars;

    public SidecarsResource(Supplier<? extends List<?>> sidecars) {
        this.sidecars = sidecars;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/sidecars", request -> Json.response(200, new Sidecars(sidecars.get())));
    }

    private record Sidecars(List<?> sidecars) {
    }
}
