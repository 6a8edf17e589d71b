package io.banyan.controlplane.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.primitives.json.JsonReadError;
import io.banyan.primitives.time.Durations;

import java.io.IOException;
import java.time.Duration;

/**
 * The JSON form of {@link ServiceRoutes} and {@link GatewayRoutes}, the same in the admin API and in the store:
 * strict reading (unknown fields, wrong types and bad values are an {@link InvalidFieldException} naming the JSON
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
        try {
            JsonNode tree = mapper.readTree(json);
            if (tree == null || tree.isMissingNode()) {
                throw invalid(JsonReadError.MISSING_BODY);
            }
            if (!(tree instanceof ObjectNode body)) {
                throw invalid(tree.isNull() ? JsonReadError.NULL_BODY
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
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidFieldException invalid) {
                throw at(JsonMappers.path(e), invalid);
            }
            throw invalid(JsonReadError.of(e, RouteJson::expected));
        } catch (IOException e) {
            throw invalid(JsonReadError.of(e, RouteJson::expected));
        }
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

    /**
     * A record's error, whose field is relative to the record, at the record's JSON path: {@code weight} thrown at
     * {@code routes[2].to[1]} is {@code routes[2].to[1].weight}. A policy section names itself ({@code
     * retries.numRetries} thrown at {@code routes[0].retries}): its name is not repeated.
     */
    static InvalidFieldException at(String path, InvalidFieldException invalid) {
        if (path == null) {
            return invalid;
        }
        String field = invalid.field();
        String full = path + "." + field;
        // the longest end of the path the field starts with is not repeated (auth.apiKey.keys[0] at routes[0].auth.apiKey)
        for (int start = 0; start >= 0; start = path.indexOf('.', start) < 0 ? -1 : path.indexOf('.', start) + 1) {
            String end = path.substring(start);
            if (field.startsWith(end) && (field.length() == end.length() || field.charAt(end.length()) == '.'
                    || field.charAt(end.length()) == '[')) {
                full = path.substring(0, start) + field;
                break;
            }
        }
        String message = invalid.getMessage();
        String detail = message.startsWith(field + ":") ? message.substring(field.length() + 1) : " " + message;
        return new InvalidFieldException(full, full + ":" + detail);
    }

    private static InvalidFieldException invalid(JsonReadError error) {
        return new InvalidFieldException(error.fieldOr(JsonReadError.BODY), error.message());
    }

    private static String expected(Class<?> target) {
        return target == Duration.class ? Durations.EXPECTED : JsonMappers.expected(target);
    }
}
