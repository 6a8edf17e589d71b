package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.JsonBodies;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.ServiceRoutes;
import io.banyan.controlplane.xds.snapshot.RoutePreview;

import java.util.List;

/**
 * A service's operator routes: read them, replace them (creating the service if needed, as a policy does) or delete
 * them; {@code ?dryRun=true} on a write checks it and answers what would be published, storing nothing.
 */
final class RoutesResource implements AdminResource {

    private static final String PATH = "/v1/services/{service}/routes";

    private final Registry registry;
    private final RouteBook routes;
    private final PolicyBook policies;
    private final RouteJson json = new RouteJson();
    private final RoutePreview preview = new RoutePreview();
    private final RouteAnswers answers = new RouteAnswers();

    RoutesResource(Registry registry, RouteBook routes, PolicyBook policies) {
        this.registry = registry;
        this.routes = routes;
        this.policies = policies;
    }

    @Override
    public void addRoutes(RouteTable table) {
        table.add("GET", PATH, this::get)
                .add("PUT", PATH, this::put)
                .add("DELETE", PATH, this::delete);
    }

    private AdminResponse get(AdminRequest request) {
        String name = request.pathParam("service");
        return answers.stored(routes.service(name).orElseThrow(() -> unknown(name)));
    }

    private AdminResponse put(AdminRequest request) {
        String name = InvalidFieldException.serviceName("service", request.pathParam("service"));
        boolean dryRun = RouteAnswers.dryRun(request);
        JsonBodies.requireJsonBody(request);
        ServiceRoutes given = json.readService(name, request.body());
        if (dryRun) {
            return answers.dryRun(given, given.warnings(), preview.service(given, policies.snapshot()));
        }
        registry.putService(name);
        routes.put(given);
        return answers.written(given, given.warnings());
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam("service");
        boolean dryRun = RouteAnswers.dryRun(request);
        if (routes.service(name).isEmpty()) {
            throw unknown(name);
        }
        if (dryRun) {
            ServiceRoutes none = new ServiceRoutes(name, List.of());
            return answers.dryRun(none, List.of(), preview.service(none, policies.snapshot()));
        }
        if (!routes.removeService(name)) {
            throw unknown(name);
        }
        return AdminResponse.noContent();
    }

    private static ApiException unknown(String name) {
        return ApiException.notFound("service", "routes of service '" + name + "': none set");
    }
}
