package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.RouteTable;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /v1/sidecars}: the sidecars connected to this control-plane replica (named in {@code replica}) and, per
 * xDS type, the version each ACKed or NACKed (and why).
 */
public final class SidecarsResource implements AdminResource {

    private final String replica;
    private final Supplier<? extends List<?>> sidecars;

    public SidecarsResource(String replica, Supplier<? extends List<?>> sidecars) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.sidecars = Objects.requireNonNull(sidecars, "sidecars");
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/sidecars", request -> Json.response(200, new Sidecars(replica, sidecars.get())));
    }

    private record Sidecars(String replica, List<?> sidecars) {
    }
}
