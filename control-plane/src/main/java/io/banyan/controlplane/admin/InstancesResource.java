package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.DeferredRouteHandler;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Registration;
import io.banyan.controlplane.registry.Registry;

import java.util.concurrent.CompletableFuture;

/**
 * Instances: register under a service, heartbeat, deregister, read. Registrations through the API
 * are {@code mesh: false} unless the body says otherwise.
 */
final class InstancesResource implements AdminResource {

    private final Registry registry;

    InstancesResource(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("POST", "/v1/services/{service}/instances", (DeferredRouteHandler) this::register)
                .add("GET", "/v1/instances/{id}", this::get)
                .add("DELETE", "/v1/instances/{id}", (DeferredRouteHandler) this::deregister)
                .add("PUT", "/v1/instances/{id}/heartbeat", (DeferredRouteHandler) this::heartbeat);
    }

    /** Answered once the store's group commit that covers the registration is synced; no thread waits meanwhile. */
    private CompletableFuture<AdminResponse> register(AdminRequest request) {
        InstanceBody body = Json.read(request, InstanceBody.class);
        Registration registration = Registration.builder().service(request.pathParam("service"))
                .host(body.host()).port(body.port()).zone(body.zone()).version(body.version()).weight(body.weight())
                .ttlSeconds(body.ttlSeconds()).protocol(body.protocol()).metadata(body.metadata()).mesh(body.mesh())
                .build();
        return registry.registerLater(registration).thenApply(registered -> Json.response(201, InstanceJson.of(registered))
                .withHeader("Location", "/v1/instances/" + registered.instance().id()));
    }

    private AdminResponse get(AdminRequest request) {
        String id = request.pathParam("id");
        return registry.get(id).map(i -> Json.response(200, InstanceJson.of(i)))
                .orElseThrow(() -> unknown(id));
    }

    /** An id not known here may be looked up again after a store read barrier: answered then, no handler thread held. */
    private CompletableFuture<AdminResponse> heartbeat(AdminRequest request) {
        String id = request.pathParam("id");
        return registry.heartbeatLater(id).thenApply(beat -> {
            beat.orElseThrow(() -> unknown(id));
            return AdminResponse.noContent();
        });
    }

    private CompletableFuture<AdminResponse> deregister(AdminRequest request) {
        String id = request.pathParam("id");
        return registry.deregisterLater(id).thenApply(removed -> {
            removed.orElseThrow(() -> unknown(id));
            return AdminResponse.noContent();
        });
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("id", "instance '" + id + "': not found (expected: an id returned by a registration)");
    }
}
