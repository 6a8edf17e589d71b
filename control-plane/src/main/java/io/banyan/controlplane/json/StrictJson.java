package io.banyan.controlplane.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.banyan.adminserver.JsonBodies;


/**
 * Strict JSON reading: unknown fields, trailing tokens and every scalar coercion are errors. A JSON value is only
 * read into a field of its own type: {@code 80.5} or {@code "80"} is not an integer, {@code 1} or {@code "true"} is
 * not a boolean, {@code 1}, {@code 1.5} or {@code true} is not a string, {@code 1} is not an enum constant. Integers
 * are accepted where a floating-point number is expected.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** A new mapper with the strict reading rules; callers add their modules and writing features. */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        fail(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float);
        fail(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float);
        return mapper;
    }

    /** What a field of {@code target} expects, for an error message: "an integer", "true or false", ... */
    public static String expected(Class<?> target) {
        return JsonBodies.expected(target);
    }

    /** The JSON path of a mapping error ({@code retries.numRetries}, {@code allow[1]}), or null at the top level. */
    public static String path(JsonMappingException e) {
        return JsonBodies.path(e);
    }

    private static void fail(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
