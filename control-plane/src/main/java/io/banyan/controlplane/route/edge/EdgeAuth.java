package io.banyan.controlplane.route.edge;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A route's end-user authentication: a JWT, an API key, or both (then both are required). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EdgeAuth(JwtAuth jwt, ApiKeyAuth apiKey) {

    public EdgeAuth {
        if (jwt == null && apiKey == null) {
            throw EdgeCheck.invalid("auth", "{} (expected: jwt, apiKey or both)");
        }
    }
}
