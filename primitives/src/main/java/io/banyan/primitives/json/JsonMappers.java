package io.banyan.primitives.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every {@link ObjectMapper} of the mesh starts here. {@link #strict()} reads what we accept from users (admin bodies,
 * policies); {@link #lenient()} reads what peers and our own older versions wrote (gRPC messages, the store), where
 * an unknown field is a newer writer, not a mistake. Each call returns a new mapper: callers add their own modules
 * and features, then share it.
 */
public final class JsonMappers {

    private JsonMappers() {
    }

    /**
     * Strict reading: unknown fields, trailing tokens and every scalar coercion are errors. A JSON value is only read
     * into a field of its own type: {@code 80.5} or {@code "80"} is not an integer, {@code 1} or {@code "true"} is not
     * a boolean, {@code 1}, {@code 1.5} or {@code true} is not a string, {@code 1} is not an enum constant. Integers
     * are accepted where a floating-point number is expected.
     */
    public static ObjectMapper strict() {
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

    /** Lenient JSON reading: unknown fields are ignored, so that old readers accept what new writers add. */
    public static ObjectMapper lenient() {
        return lenient(new JsonFactory());
    }

    /** {@link #lenient()} over another syntax, e.g. YAML's {@code YAMLFactory}. */
    public static ObjectMapper lenient(JsonFactory factory) {
        return new ObjectMapper(factory).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Adds ISO-8601 times ({@code Instant}s as {@code "2026-12-07T00:45:00Z"}, not as numbers) to {@code mapper}. */
    public static ObjectMapper withIsoTimes(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Adds {@link Duration}s as text of the mesh's grammar ({@code "250ms"}, {@code "1.5s"}) to {@code mapper}. */
    public static ObjectMapper withDurationText(ObjectMapper mapper) {
        return mapper.registerModule(new SimpleModule("banyan-durations")
                .addDeserializer(Duration.class, new DurationText.Deserializer())
                .addSerializer(Duration.class, new DurationText.Serializer()));
    }

    /**
     * What a field of {@code target} expects, for an error message: "an integer", "true or false", "one of round_robin,
     * random" (an enum's constants by their JSON names), ...
     */
    public static String expected(Class<?> target) {
        if (target == null) {
            return "another type";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "an integer";
        }
        if (target == Double.class || target == double.class) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(target)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(target)) {
            return "an object of strings";
        }
        if (target.isEnum()) {
            return Arrays.stream(target.getEnumConstants()).map(c -> jsonName((Enum<?>) c))
                    .collect(Collectors.joining(", ", "one of ", ""));
        }
        return "an object";
    }

    /** An enum constant's JSON name: its {@link JsonProperty} if it has one, else its Java name. */
    private static String jsonName(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(JsonProperty.class);
            return property == null || property.value().isEmpty() ? constant.name() : property.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    /** The JSON path of a mapping error ({@code retries.numRetries}, {@code allow[1]}), or null at the top level. */
    public static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static void fail(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
