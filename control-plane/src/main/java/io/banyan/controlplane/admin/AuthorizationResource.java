package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.authz.EffectiveAuthorization;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.store.StoredRevision;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Authorization: a service's allow list of calling services (set, read the effective rule, delete to fall back
 * to the default; idempotent) and the mesh-wide default ({@code allow-all} or {@code deny-unless-allowed}).
 */
public final class AuthorizationResource implements RevertibleResource {

    /** The body of {@code PUT /v1/services/{service}/authorization}. */
    record AllowBody(List<String> allow) {
    }

    /** The body of {@code PUT /v1/authorization/default}, and its answer. */
    record DefaultBody(String mode) {
    }

    /** The effective rule of one service. */
    record RuleJson(String service, String source, List<String> allow, String defaultMode) {

        static RuleJson of(EffectiveAuthorization rule) {
            return new RuleJson(rule.service(), rule.source(), rule.allow(), rule.mode().text());
        }
    }

    private final Authorizations authorizations;

    public AuthorizationResource(Authorizations authorizations) {
        this.authorizations = authorizations;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/services/{service}/authorization", this::get)
                .add("PUT", "/v1/services/{service}/authorization", this::put)
                .add("DELETE", "/v1/services/{service}/authorization", this::delete)
                .add("GET", "/v1/authorization/default", this::getDefault)
                .add("PUT", "/v1/authorization/default", this::putDefault);
    }

    private AdminResponse get(AdminRequest request) {
        String service = InvalidFieldException.serviceName("service", request.pathParam("service"));
        long etag = authorizations.etag(service); // first: a write in between makes a later If-Match stale, not lost
        return ConfigWrites.tagged(Json.response(200, RuleJson.of(authorizations.effective(service))), etag);
    }

    private AdminResponse put(AdminRequest request) {
        String service = InvalidFieldException.serviceName("service", request.pathParam("service"));
        ConfigWrite write = ConfigWrites.of(request);
        AllowBody body = Json.read(request, AllowBody.class);
        long etag = authorizations.put(new AllowList(service, body.allow()), write);
        return ConfigWrites.tagged(Json.response(200, RuleJson.of(authorizations.effective(service))), etag);
    }

    private AdminResponse delete(AdminRequest request) {
        String service = InvalidFieldException.serviceName("service", request.pathParam("service"));
        authorizations.remove(service, ConfigWrites.of(request)); // idempotent: 204 whether or not it had a list
        return ConfigWrites.tagged(AdminResponse.noContent(), authorizations.etag(service));
    }

    private AdminResponse getDefault(AdminRequest request) {
        long etag = authorizations.defaultEtag();
        return ConfigWrites.tagged(Json.response(200, new DefaultBody(authorizations.defaultMode().text())), etag);
    }

    private AdminResponse putDefault(AdminRequest request) {
        ConfigWrite write = ConfigWrites.of(request);
        DefaultBody body = Json.read(request, DefaultBody.class);
        authorizations.setDefault(DefaultMode.parse("mode", body.mode()), write);
        return ConfigWrites.tagged(Json.response(200, new DefaultBody(authorizations.defaultMode().text())),
                authorizations.defaultEtag());
    }

    @Override
    public Set<ConfigKind> kinds() {
        return Set.of(ConfigKind.AUTHORIZATION, ConfigKind.AUTHORIZATION_DEFAULT);
    }

    @Override
    public void revert(StoredRevision revision, ConfigWrite write) {
        JsonNode before = revision.before();
        if (revision.kind().equals(ConfigKind.AUTHORIZATION_DEFAULT.wireName())) {
            authorizations.setDefault(before == null ? DefaultMode.ALLOW_ALL
                    : DefaultMode.parse("mode", before.path("mode").asText()), write);
        } else if (before == null) {
            authorizations.remove(revision.object(), write);
        } else {
            List<String> allow = new ArrayList<>();
            before.path("allow").forEach(caller -> allow.add(caller.asText()));
            authorizations.put(new AllowList(revision.object(), allow), write);
        }
    }
}
