package io.banyan.controlplane.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** An RFC 9457 problem document, plus {@code field} naming the bad field where there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field) {

    public static final String TYPE_PREFIX = "urn:banyan:problem:";

    static Problem of(ApiException e, String instance) {
        return new Problem(TYPE_PREFIX + e.type(), e.title(), e.status(), e.getMessage(), instance, e.field());
    }

    AdminResponse toResponse() {
        return new AdminResponse(status, Map.of(), AdminResponse.PROBLEM_JSON, Json.write(this));
    }
}
