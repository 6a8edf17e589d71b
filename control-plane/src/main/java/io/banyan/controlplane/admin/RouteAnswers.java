package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.adminserver.AdminResponse;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The answers of the route resources: the stored routes as written to the store, with their {@code warnings} after a
 * write, and for {@code ?dryRun=true} also the Envoy route tables ({@code resources}) they would be published in
 * (the rest of a dry run's answer is {@link DryRuns}').
 */
final class RouteAnswers {

    private final RouteJson json = new RouteJson();
    private final ObjectMapper tree = JsonMappers.lenient();

    /** The stored routes as they are, for a GET. */
    AdminResponse stored(OwnedRoutes routes) {
        return new AdminResponse(200, Map.of(), AdminResponse.JSON, json.write(routes));
    }

    /** The routes after a write, with their warnings. */
    AdminResponse written(OwnedRoutes routes) {
        return respond(body(routes));
    }

    /** What a dry run would store, with its warnings and the route tables it would be published in. */
    ObjectNode dryRun(OwnedRoutes routes, List<String> resources) {
        ObjectNode body = body(routes);
        ArrayNode published = body.putArray("resources");
        for (String resource : resources) {
            published.add(read(resource.getBytes(StandardCharsets.UTF_8)));
        }
        return body;
    }

    private ObjectNode body(OwnedRoutes routes) {
        ObjectNode body = (ObjectNode) read(json.write(routes));
        ArrayNode list = body.putArray("warnings");
        routes.warnings().forEach(list::add);
        return body;
    }

    private JsonNode read(byte[] bytes) {
        try {
            return tree.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-read our own JSON", e);
        }
    }

    private AdminResponse respond(ObjectNode body) {
        try {
            return new AdminResponse(200, Map.of(), AdminResponse.JSON, tree.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a route answer", e);
        }
    }
}
