package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.JsonBodies;
import io.banyan.primitives.json.JsonMappers;

/**
 * JSON of the control plane's admin API: strict reading (see {@link JsonMappers#strict()}; errors name the field or the
 * position, as {@link JsonBodies} maps them) and ISO-8601 times.
 */
final class Json {

    private static final JsonBodies BODIES = new JsonBodies(JsonMappers.withIsoTimes(JsonMappers.strict())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES));

    private Json() {
    }

    /** {@code value} as a JSON response. */
    static AdminResponse response(int status, Object value) {
        return BODIES.response(status, value);
    }

    /** {@code value}'s JSON. */
    static byte[] bytes(Object value) {
        return BODIES.write(value);
    }

    /** Reads a JSON body of {@code type}; 415 unless the content type is JSON, 400 naming the field or position. */
    static <T> T read(AdminRequest request, Class<T> type) {
        return BODIES.read(request, type);
    }
}
