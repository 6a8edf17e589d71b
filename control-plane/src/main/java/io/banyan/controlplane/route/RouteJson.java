package io.banyan.controlplane.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.primitives.json.JsonReadError;

/**
 * The JSON form of {@link ServiceRoutes} and {@link GatewayRoutes}, the same in the admin API and in the store:
 * strict reading (unknown fields, wrong types and bad values are an {@link io.banyan.controlplane.registry.InvalidFieldException} naming the JSON
 * path, e.g. {@code routes[2].to[1].weight}), durations as text, empty and absent fields left out when written.
 * The owner's name ({@code service} or {@code gateway}) comes from the caller; a body may repeat it.
 */
public final class RouteJson {

    private final ObjectMapper mapper = JsonMappers.withDurationText(JsonMappers.strict())
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    public byte[] write(OwnedRoutes routes) {
        try {
            return mapper.writeValueAsBytes(routes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode routes", e);
        }
    }

    /** Reads {@code {"routes": [...]}} as the routes of {@code service}. */
    public ServiceRoutes readService(String service, byte[] json) {
        return (ServiceRoutes) read(RouteOwner.SERVICE, service, json);
    }

    /** Reads {@code {"routes": [...]}} as the routes of gateway {@code gateway}. */
    public GatewayRoutes readGateway(String gateway, byte[] json) {
        return (GatewayRoutes) read(RouteOwner.GATEWAY, gateway, json);
    }

    /** Reads {@code {"routes": [...]}} as the routes of {@code name}; the body may repeat the owner's name. */
    public OwnedRoutes read(RouteOwner kind, String name, byte[] json) {
        String field = kind.field();
        return StrictRecords.read(() -> {
            JsonNode tree = mapper.readTree(json);
            if (tree == null || tree.isMissingNode()) {
                throw StrictRecords.invalid(JsonReadError.MISSING_BODY);
            }
            if (!(tree instanceof ObjectNode body)) {
                throw StrictRecords.invalid(tree.isNull() ? JsonReadError.NULL_BODY
                        : new JsonReadError(null, "body: " + tree.getNodeType().name().toLowerCase()
                        + " (expected: a JSON object)"));
            }
            JsonNode given = body.get(field);
            if (given != null && !given.asText().equals(name)) {
                throw Rules.invalid(field, "'" + Rules.clip(given.toString()) + "' (expected: '" + name
                        + "', the " + field + " in the path, or no " + field + " field)");
            }
            body.put(field, name);
            if (kind == RouteOwner.SERVICE) {
                refuseGatewayOnlyFields(body.get("routes"));
            }
            return mapper.readerFor(kind.type()).readValue(body);
        });
    }

    /** A service's route with an end-user field is refused before its value is read: the field has no place there. */
    private static void refuseGatewayOnlyFields(JsonNode routes) {
        if (routes == null || !routes.isArray()) {
            return;
        }
        for (int i = 0; i < routes.size(); i++) {
            for (String field : RouteList.GATEWAY_ONLY_FIELDS) {
                if (routes.get(i).has(field)) {
                    throw RouteList.gatewayOnly(i, field);
                }
            }
        }
    }
}
