package io.banyan.controlplane.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * JSON of the admin API: strict reading (unknown fields, wrong types and malformed text are errors
 * naming the field or the position) and ISO-8601 times.
 */
final class Json {

    private static final ObjectMapper MAPPER = JsonMappers.strict()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The longest rejected value quoted back in an error. */
    private static final int MAX_SHOWN_VALUE = 64;

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads a JSON body of {@code type}; 415 unless the content type is JSON, 400 naming the field or position. */
    static <T> T read(AdminRequest request, Class<T> type) {
        requireJsonBody(request);
        try {
            T value = MAPPER.readValue(request.body(), type);
            if (value == null) {
                throw ApiException.badRequest(null, "body: null (expected: a JSON object)");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw ApiException.badRequest(e.getPropertyName(), e.getPropertyName()
                    + ": unknown field (expected one of: " + known + ")");
        } catch (MismatchedInputException e) {
            String field = JsonMappers.path(e);
            if (field == null) {
                throw ApiException.badRequest(null, "body: " + firstLine(e) + " (expected: a JSON object)");
            }
            String expected = " (expected: " + JsonMappers.expected(e.getTargetType()) + ")";
            if (e instanceof InvalidFormatException invalid && !(invalid.getValue() instanceof String)) {
                throw ApiException.badRequest(field, field + ": " + shown(invalid.getValue()) + expected);
            }
            throw ApiException.badRequest(field, field + ": wrong type at " + position(e.getLocation()) + expected);
        } catch (StreamReadException e) {
            throw ApiException.badRequest(null, "malformed JSON at " + position(e.getLocation()) + ": " + firstLine(e));
        } catch (JsonMappingException e) {
            String field = JsonMappers.path(e);
            throw ApiException.badRequest(field, (field == null ? "body" : field) + ": " + firstLine(e));
        } catch (IOException e) {
            throw ApiException.badRequest(null, "unreadable body: " + e.getMessage());
        }
    }

    /** 415 unless the content type is JSON, 400 if the body is empty. */
    static void requireJsonBody(AdminRequest request) {
        String contentType = request.contentType() == null ? "" : request.contentType().toLowerCase(Locale.ROOT);
        String mediaType = contentType.split(";", 2)[0].trim();
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw ApiException.unsupportedMediaType("Content-Type: '" + request.contentType()
                    + "' (expected: application/json)");
        }
        if (request.body().length == 0) {
            throw ApiException.badRequest(null, "body: missing (expected: a JSON object)");
        }
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_SHOWN_VALUE ? text : text.substring(0, MAX_SHOWN_VALUE) + "...";
    }

    private static String position(JsonLocation location) {
        return location == null ? "unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
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
