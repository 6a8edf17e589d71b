package io.banyan.adminserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.json.JsonReadError;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * JSON bodies of an admin API, read and written with the caller's mapper: Jackson's errors as problems (400 in the
 * words of {@link JsonReadError}, naming the field and what was expected; 415 for a body that is not JSON).
 */
public final class JsonBodies {

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

    /** Reads a JSON body of {@code type}; 415 unless the content type is JSON, 400 as {@link JsonReadError} words it. */
    public <T> T read(AdminRequest request, Class<T> type) {
        requireJsonBody(request);
        try {
            T value = mapper.readValue(request.body(), type);
            if (value == null) {
                throw badRequest(JsonReadError.NULL_BODY);
            }
            return value;
        } catch (IOException e) {
            throw badRequest(JsonReadError.of(e));
        }
    }

    /** 415 unless the content type is JSON, 400 if the body is empty. */
    public static void requireJsonBody(AdminRequest request) {
        String mediaType = mediaType(request);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw ApiException.unsupportedMediaType("Content-Type: '" + request.contentType()
                    + "' (expected: application/json)");
        }
        if (request.body().length == 0) {
            throw badRequest(JsonReadError.MISSING_BODY);
        }
    }

    /** The request's media type, lower-case, without parameters ({@code ""} without Content-Type). */
    public static String mediaType(AdminRequest request) {
        String contentType = request.contentType() == null ? "" : request.contentType().toLowerCase(Locale.ROOT);
        return contentType.split(";", 2)[0].trim();
    }

    private static ApiException badRequest(JsonReadError error) {
        return ApiException.badRequest(error.field(), error.message());
    }
}
