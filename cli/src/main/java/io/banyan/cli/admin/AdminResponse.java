package io.banyan.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One admin-API answer.
 *
 * @param status HTTP status
 * @param body   the body text (JSON, problem+json, or empty)
 */
public record AdminResponse(int status, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AdminResponse {
        body = body == null ? "" : body;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body parsed, or a missing node when empty or not JSON. */
    public JsonNode json() {
        try {
            return body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return JSON.missingNode();
        }
    }

    /** For an error: {@code 404 Not Found: unknown service 'x' (field: service)} from an RFC 9457 problem. */
    public String problem() {
        JsonNode problem = json();
        String title = problem.path("title").asText("");
        String detail = problem.path("detail").asText("");
        String field = problem.path("field").asText("");
        StringBuilder text = new StringBuilder().append(status);
        if (!title.isEmpty()) {
            text.append(' ').append(title);
        }
        if (!detail.isEmpty()) {
            text.append(": ").append(detail);
        } else if (problem.isMissingNode() && !body.isBlank()) {
            text.append(": ").append(body.strip().lines().findFirst().orElse(""));
        }
        if (!field.isEmpty()) {
            text.append(" (field: ").append(field).append(')');
        }
        return text.toString();
    }
}
