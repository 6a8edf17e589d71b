package io.banyan.adminserver;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An RFC 9457 problem document ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}) plus
 * the {@code field} extension naming the bad field where there is one. The one problem+json of both admin ports; it
 * writes itself (absent members left out) so that every early answer, even one written from a Netty handler, has
 * the same form without a mapper.
 */
public record Problem(String type, String title, int status, String detail, String instance, String field) {

    public static final String TYPE_PREFIX = "urn:banyan:problem:";

    public static Problem of(ApiException e, String instance) {
        return new Problem(TYPE_PREFIX + e.type(), e.title(), e.status(), e.getMessage(), instance, e.field());
    }

    public AdminResponse toResponse() {
        return new AdminResponse(status, Map.of(), AdminResponse.PROBLEM_JSON, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** The problem as compact JSON, members in declaration order. */
    public String toJson() {
        StringBuilder json = new StringBuilder(128).append('{');
        member(json, "type", type);
        member(json, "title", title);
        json.append(json.length() > 1 ? "," : "").append("\"status\":").append(status);
        member(json, "detail", detail);
        member(json, "instance", instance);
        member(json, "field", field);
        return json.append('}').toString();
    }

    private static void member(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04X", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
