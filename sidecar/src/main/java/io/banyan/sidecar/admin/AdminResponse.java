package io.banyan.sidecar.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An admin endpoint's answer, independent of Netty: status, content type, body and extra headers. */
public record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String PROBLEM = "application/problem+json";

    public AdminResponse {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static AdminResponse text(int status, String text) {
        return new AdminResponse(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static AdminResponse json(int status, byte[] json) {
        return new AdminResponse(status, JSON, json, Map.of());
    }

    /** This answer with {@code extra} headers added. */
    public AdminResponse withHeaders(Map<String, String> extra) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putAll(extra);
        return new AdminResponse(status, contentType, body, all);
    }
}
