package io.banyan.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.adminserver.Problem;
import io.banyan.primitives.json.JsonMappers;

import java.util.Optional;

/**
 * One admin-API answer as the client received it (the server's side is {@code io.banyan.adminserver.AdminResponse};
 * an error body is the server's {@link Problem}).
 *
 * @param status HTTP status
 * @param body   the body text (JSON, problem+json, or empty)
 * @param etag   the {@code ETag} header as sent ({@code "12"}, quotes included), empty when there was none
 */
public record AdminAnswer(int status, String body, String etag) {

    private static final ObjectMapper JSON = JsonMappers.lenient();

    public AdminAnswer {
        body = body == null ? "" : body;
        etag = etag == null ? "" : etag;
    }

    /** An answer without an {@code ETag}. */
    public AdminAnswer(int status, String body) {
        this(status, body, "");
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

    /** The body as an RFC 9457 problem, when it is a JSON object. */
    public Optional<Problem> asProblem() {
        JsonNode node = json();
        if (!node.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.treeToValue(node, Problem.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** For an error: {@code 404 Not Found: unknown service 'x' (field: service)} from an RFC 9457 problem. */
    public String problem() {
        Optional<Problem> problem = asProblem();
        String title = problem.map(Problem::title).orElse("");
        String detail = problem.map(Problem::detail).orElse("");
        String field = problem.map(Problem::field).orElse("");
        StringBuilder text = new StringBuilder().append(status);
        if (title != null && !title.isEmpty()) {
            text.append(' ').append(title);
        }
        if (detail != null && !detail.isEmpty()) {
            text.append(": ").append(detail);
        } else if (json().isMissingNode() && !body.isBlank()) {
            text.append(": ").append(body.strip().lines().findFirst().orElse(""));
        }
        if (field != null && !field.isEmpty()) {
            text.append(" (field: ").append(field).append(')');
        }
        return text.toString();
    }
}
