package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.token.IssuedToken;
import io.banyan.controlplane.token.JoinToken;
import io.banyan.controlplane.token.JoinTokens;

import java.util.List;

/** Join tokens: issue (the only time the secret is shown), list without secrets, revoke. */
final class TokensResource implements AdminResource {

    /** The body of {@code POST /v1/tokens}. */
    record TokenBody(String service, Long ttlSeconds) {
    }

    /** The list of tokens. */
    record Tokens(List<JoinToken> tokens) {
    }

    private final JoinTokens tokens;

    TokensResource(JoinTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("POST", "/v1/tokens", this::issue)
                .add("GET", "/v1/tokens", this::list)
                .add("DELETE", "/v1/tokens/{id}", this::revoke);
    }

    private AdminResponse issue(AdminRequest request) {
        TokenBody body = Json.read(request, TokenBody.class);
        IssuedToken issued = tokens.issue(body.service(), body.ttlSeconds());
        return Json.response(201, issued).withHeader("Location", "/v1/tokens/" + issued.id());
    }

    private AdminResponse list(AdminRequest request) {
        return Json.response(200, new Tokens(tokens.list()));
    }

    private AdminResponse revoke(AdminRequest request) {
        String id = request.pathParam("id");
        if (!tokens.revoke(id)) {
            throw ApiException.notFound("id", "token '" + id + "': not found (or already revoked)");
        }
        return AdminResponse.noContent();
    }
}
