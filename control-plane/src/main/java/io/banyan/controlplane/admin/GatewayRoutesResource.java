package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.JsonBodies;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.xds.snapshot.RoutePreview;

import java.util.List;

/**
 * An edge gateway's routes: read them, replace them (before any gateway of that name has connected, too) or delete
 * them; {@code ?dryRun=true} on a write checks it and answers what would be published, storing nothing.
 */
final class GatewayRoutesResource implements AdminResource {

    private static final String PATH = "/v1/gateways/{name}/routes";

    private final RouteBook routes;
    private final PolicyBook policies;
    private final RouteJson json = new RouteJson();
    private final RoutePreview preview = new RoutePreview();
    private final RouteAnswers answers = new RouteAnswers();

    GatewayRoutesResource(RouteBook routes, PolicyBook policies) {
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
        String name = request.pathParam("name");
        return answers.stored(routes.gateway(name).orElseThrow(() -> unknown(name)));
    }

    private AdminResponse put(AdminRequest request) {
        String name = InvalidFieldException.serviceName("name", request.pathParam("name"));
        boolean dryRun = RouteAnswers.dryRun(request);
        JsonBodies.requireJsonBody(request);
        GatewayRoutes given = json.readGateway(name, request.body());
        if (dryRun) {
            return answers.dryRun(given, given.warnings(), preview.gateway(given, policies.snapshot()));
        }
        routes.put(given);
        return answers.written(given, given.warnings());
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam("name");
        boolean dryRun = RouteAnswers.dryRun(request);
        if (routes.gateway(name).isEmpty()) {
            throw unknown(name);
        }
        if (dryRun) {
            GatewayRoutes none = new GatewayRoutes(name, List.of());
            return answers.dryRun(none, List.of(), preview.gateway(none, policies.snapshot()));
        }
        if (!routes.removeGateway(name)) {
            throw unknown(name);
        }
        return AdminResponse.noContent();
    }

    private static ApiException unknown(String name) {
        return ApiException.notFound("name", "routes of gateway '" + name + "': none set");
    }
}
