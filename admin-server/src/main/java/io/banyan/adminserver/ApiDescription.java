package io.banyan.adminserver;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes an OpenAPI 3 description names, in the form of {@link RouteTable.Route}, so that a test can compare
 * them with the table a server dispatches on. An operation with {@code security: []} is an open route. A described
 * {@code HEAD} next to a {@code GET} of the same path is the server's own (every GET route answers HEAD) and is
 * left out.
 */
public final class ApiDescription {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private ApiDescription() {
    }

    /** The routes of {@code openApi} (the parsed YAML or JSON document). */
    public static List<RouteTable.Route> routes(JsonNode openApi) {
        List<RouteTable.Route> routes = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode operations = path.getValue();
            operations.fieldNames().forEachRemaining(method -> {
                if (!METHODS.contains(method) || method.equals("head") && operations.has("get")) {
                    return;
                }
                JsonNode security = operations.path(method).path("security");
                boolean open = security.isArray() && security.isEmpty();
                routes.add(new RouteTable.Route(method.toUpperCase(Locale.ROOT), path.getKey(), open));
            });
        }
        return routes;
    }

    /**
     * What one side has and the other lacks, one line each ({@code "in the code, not in the description: GET /x"}),
     * sorted; empty when both name the same routes, each open or not alike.
     */
    public static List<String> differences(List<RouteTable.Route> code, List<RouteTable.Route> description) {
        Set<String> inCode = named(code);
        Set<String> described = named(description);
        List<String> differences = new ArrayList<>();
        inCode.stream().filter(route -> !described.contains(route))
                .forEach(route -> differences.add("in the code, not in the description: " + route));
        described.stream().filter(route -> !inCode.contains(route))
                .forEach(route -> differences.add("in the description, not in the code: " + route));
        return differences;
    }

    private static Set<String> named(List<RouteTable.Route> routes) {
        Set<String> names = new TreeSet<>();
        routes.forEach(route -> names.add(route + (route.open() ? " (open: no token)" : "")));
        return names;
    }
}
