package io.banyan.adminserver;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One admin response, independent of Netty: status, extra headers, content type (null without a body) and body. */
public record AdminResponse(int status, Map<String, String> headers, String contentType, byte[] body) {

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    static final String CONTENT_LENGTH = "Content-Length";

    public AdminResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A JSON body, already written by the caller's mapper. */
    public static AdminResponse json(int status, byte[] json) {
        return new AdminResponse(status, Map.of(), JSON, json);
    }

    public static AdminResponse noContent() {
        return new AdminResponse(204, Map.of(), null, null);
    }

    public static AdminResponse text(int status, String contentType, String text) {
        return new AdminResponse(status, Map.of(), contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer to a HEAD request: this response's headers and Content-Length, without the body. */
    public AdminResponse withoutBody() {
        return withHeader(CONTENT_LENGTH, Integer.toString(body.length)).withBody(null);
    }

    private AdminResponse withBody(byte[] newBody) {
        return new AdminResponse(status, headers, contentType, newBody);
    }

    public AdminResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new AdminResponse(status, copy, contentType, body);
    }

    /** This response with each of {@code defaults} it does not set itself (names compared ignoring case). */
    AdminResponse withDefaultHeaders(Map<String, String> defaults) {
        if (defaults.isEmpty()) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        defaults.forEach((name, value) -> {
            if (copy.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                copy.put(name, value);
            }
        });
        return new AdminResponse(status, copy, contentType, body);
    }
}
