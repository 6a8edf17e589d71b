package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.registry.RegistrySnapshot;

import java.util.List;

/** Services: list, read, create (idempotent PUT), delete (only without instances). */
final class ServicesResource implements AdminResource {

    private final Registry registry;

    ServicesResource(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/services", this::list)
                .add("GET", "/v1/services/{service}", this::get)
                .add("PUT", "/v1/services/{service}", this::put)
                .add("DELETE", "/v1/services/{service}", this::delete);
    }

    private AdminResponse list(AdminRequest request) {
        RegistrySnapshot snapshot = registry.snapshot();
        List<InstanceJson.Service> services = snapshot.services().entrySet().stream()
                .map(e -> InstanceJson.Service.of(e.getKey(), e.getValue()))
                .toList();
        return Json.response(200, new InstanceJson.Services(services));
    }

    private AdminResponse get(AdminRequest request) {
        String name = request.pathParam("service");
        return registry.service(name)
                .map(instances -> Json.response(200, InstanceJson.Service.of(name, instances)))
                .orElseThrow(() -> unknown(name));
    }

    private AdminResponse put(AdminRequest request) {
        String name = request.pathParam("service");
        boolean created = registry.putService(name);
        AdminResponse response = Json.response(created ? 201 : 200,
                InstanceJson.Service.of(name, registry.service(name).orElse(List.of())));
        return created ? response.withHeader("Location", "/v1/services/" + name) : response;
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam("service");
        if (!registry.deleteService(name)) {
            throw unknown(name);
        }
        return AdminResponse.noContent();
    }

    private static ApiException unknown(String name) {
        return ApiException.notFound("service", "service '" + name + "': not found");
    }
}
