package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.registry.ServiceNotEmptyException;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.xds.snapshot.MeshConfig;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Services: list, read, create (idempotent PUT), delete (only without instances). A service's creation and deletion
 * are revisions (kind {@code service}); reads and writes of one service answer its {@code ETag}, writes honour
 * {@code If-Match}; both take {@code ?dryRun=true} ({@link DryRuns}).
 */
final class ServicesResource implements RevertibleResource {

    private final Registry registry;
    private final DryRuns dryRuns;

    ServicesResource(Registry registry, DryRuns dryRuns) {
        this.registry = registry;
        this.dryRuns = dryRuns;
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
        long etag = registry.etag(name); // first: a write in between makes a later If-Match stale, not lost
        return registry.service(name)
                .map(instances -> ConfigWrites.tagged(Json.response(200, InstanceJson.Service.of(name, instances)),
                        etag))
                .orElseThrow(() -> unknown(name));
    }

    private AdminResponse put(AdminRequest request) {
        String name = request.pathParam("service");
        if (ConfigWrites.dryRun(request)) {
            InvalidFieldException.serviceName("service", name);
            ConfigWrites.of(request).check(registry.etag(name));
            return dryRuns.answerFor(InstanceJson.Service.of(name, registry.service(name).orElse(List.of())),
                    config -> config.withService(name));
        }
        boolean created = registry.putService(name, ConfigWrites.of(request));
        AdminResponse response = ConfigWrites.tagged(Json.response(created ? 201 : 200,
                InstanceJson.Service.of(name, registry.service(name).orElse(List.of()))), registry.etag(name));
        return created ? response.withHeader("Location", "/v1/services/" + name) : response;
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam("service");
        if (ConfigWrites.dryRun(request)) {
            ConfigWrites.of(request).check(registry.etag(name));
            return dryRuns.answerFor(InstanceJson.Service.of(name, List.of()), deletion(name));
        }
        if (!registry.deleteService(name, ConfigWrites.of(request))) {
            throw unknown(name);
        }
        return ConfigWrites.tagged(AdminResponse.noContent(), registry.etag(name));
    }


    /** A deletion's edit, refused as {@link Registry#deleteService} refuses it: 404 unknown, 409 with instances. */
    private UnaryOperator<MeshConfig> deletion(String name) {
        List<InstanceHealth> instances = registry.service(name).orElseThrow(() -> unknown(name));
        if (!instances.isEmpty()) {
            throw new ServiceNotEmptyException(name, instances.size());
        }
        return config -> config.withoutService(name);
    }

    @Override
    public Set<ConfigKind> kinds() {
        return Set.of(ConfigKind.SERVICE);
    }

    /** Reverting a creation deletes the service (409 while it has instances); reverting a deletion creates it. */
    @Override
    public void revert(StoredRevision revision, ConfigWrite write) {
        if (revision.before() == null) {
            registry.deleteService(revision.object(), write);
        } else {
            registry.putService(revision.object(), write);
        }
    }

    @Override
    public UnaryOperator<MeshConfig> previewRevert(StoredRevision revision) {
        return revision.before() == null ? deletion(revision.object())
                : config -> config.withService(revision.object());
    }

    private static ApiException unknown(String name) {
        return ApiException.notFound("service", "service '" + name + "': not found");
    }
}
