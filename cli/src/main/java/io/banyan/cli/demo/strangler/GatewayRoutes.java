package io.banyan.cli.demo.strangler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /v1/gateways/{name}/routes} for one step: a route per path (by prefix) to the monolith, its
 * new service, or both by weight; then, while the monolith is registered, everything else to the monolith.
 */
public final class GatewayRoutes {

    private GatewayRoutes() {
    }

    /** {@code {"routes": [...]}} of {@code step}, ready to be sent as JSON. */
    public static Map<String, Object> body(MigrationStep step) {
        List<Object> routes = new ArrayList<>();
        for (PathShare share : step.shares()) {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("name", share.service());
            route.put("match", Map.of("path", Map.of("prefix", share.path())));
            route.put("to", destinations(share));
            routes.add(route);
        }
        if (step.monolithRegistered()) {
            Map<String, Object> rest = new LinkedHashMap<>();
            rest.put("name", MigrationStep.MONOLITH);
            rest.put("to", List.of(Map.of("service", MigrationStep.MONOLITH)));
            routes.add(rest);
        }
        return Map.of("routes", routes);
    }

    private static List<Object> destinations(PathShare share) {
        if (!share.onService()) {
            return List.of(Map.of("service", MigrationStep.MONOLITH));
        }
        if (!share.onMonolith()) {
            return List.of(Map.of("service", share.service()));
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("service", share.service());
        service.put("weight", share.percent());
        Map<String, Object> monolith = new LinkedHashMap<>();
        monolith.put("service", MigrationStep.MONOLITH);
        monolith.put("weight", 100 - share.percent());
        return List.of(service, monolith);
    }
}
