package io.banyan.controlplane.policy;

import io.banyan.primitives.json.JsonMappers;
import io.banyan.primitives.time.Durations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.banyan.controlplane.registry.InvalidFieldException;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The JSON form of a {@link TrafficPolicy}, the same in the admin API and in the store: strict reading
 * (unknown fields, wrong types, bad values are an {@link InvalidFieldException} naming the JSON path) and
 * durations as {@code 250ms}/{@code 5s}/{@code 1m}.
 */
public final class PolicyJson {

    private final ObjectMapper mapper;

    public PolicyJson() {
        mapper = JsonMappers.withDurationText(JsonMappers.strict());
    }

    public byte[] write(TrafficPolicy policy) {
        try {
            return mapper.writeValueAsBytes(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a traffic policy", e);
        }
    }

    /**
     * Reads a policy; absent sections and fields take their defaults.
     *
     * @throws InvalidFieldException naming the JSON path ({@code retries.numRetries}) or {@code body}
     */
    public TrafficPolicy read(byte[] json) {
        try {
            TrafficPolicy policy = mapper.readValue(json, TrafficPolicy.class);
            if (policy == null) {
                throw new InvalidFieldException("body", "body: null (expected: a JSON object)");
            }
            return policy;
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidFieldException invalid) {
                throw invalid;
            }
            throw bad(path(e), firstLine(e));
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            String field = path(e);
            if (!field.endsWith(e.getPropertyName())) {
                field = field.equals("body") ? e.getPropertyName() : field + "." + e.getPropertyName();
            }
            throw new InvalidFieldException(field, field + ": unknown field (expected one of: " + known + ")");
        } catch (InvalidFormatException e) {
            String field = path(e);
            Class<?> target = e.getTargetType();
            String expected = target == Duration.class ? Durations.EXPECTED
                    : target != null && target.isEnum() ? "one of " + Arrays.stream(target.getEnumConstants())
                    .map(c -> ((LbPolicy) c).wireName()).collect(Collectors.joining(", "))
                    : expected(target);
            throw bad(field, "'" + e.getValue() + "' (expected: " + expected + ")");
        } catch (MismatchedInputException e) {
            throw bad(path(e), "wrong type (expected: " + expected(e.getTargetType()) + ")");
        } catch (StreamReadException e) {
            throw bad("body", "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (JsonMappingException e) {
            throw bad(path(e), firstLine(e));
        } catch (IOException e) {
            throw bad("body", "unreadable (" + e.getMessage() + ")");
        }
    }

    private static InvalidFieldException bad(String field, String message) {
        return new InvalidFieldException(field, field + ": " + message);
    }

    private static String path(JsonMappingException e) {
        String path = JsonMappers.path(e);
        return path == null ? "body" : path;
    }

    private static String expected(Class<?> target) {
        return target == Duration.class ? Durations.EXPECTED : JsonMappers.expected(target);
    }

    private static String firstLine(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
