package io.banyan.adminserver;

import io.banyan.primitives.json.JsonMappers;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * JSON bodies of an admin API, read and written with the caller's mapper: the one mapping of Jackson's errors to
 * problems (400 naming the field and what was expected: an unknown field, a wrong type, malformed JSON, trailing
 * data; 415 for a body that is not JSON).
 */
public final class JsonBodies {

    /** The longest rejected value quoted back in an error. */
    private static final int MAX_SHOWN_VALUE = 64;

    private final ObjectMapper mapper;

    /** @param mapper the caller's mapper, with its reading rules (e.g. failing on unknown fields) */
    public JsonBodies(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** {@code value} as a JSON response. */
    public AdminResponse response(int status, Object value) {
        return AdminResponse.json(status, write(value));
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads a JSON body of {@code type}; 415 unless the content type is JSON, 400 naming the field or position. */
    public <T> T read(AdminRequest request, Class<T> type) {
        requireJsonBody(request);
        try {
            T value = mapper.readValue(request.body(), type);
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
    public static void requireJsonBody(AdminRequest request) {
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
