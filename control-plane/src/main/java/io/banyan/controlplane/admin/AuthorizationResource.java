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
import io.banyan.controlplane.rollout.StableValue;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.xds.snapshot.MeshConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Authorization: a service's allow list of calling services (set, read the effective rule, delete to fall back
 * to the default; idempotent) and the mesh-wide default ({@code allow-all} or {@code deny-unless-allowed}); each
 * write takes {@code ?dryRun=true} ({@link DryRuns}).
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
    private final DryRuns dryRuns;
    private final StagedWrites staged;

    public AuthorizationResource(Authorizations authorizations, DryRuns dryRuns) {
        this(authorizations, dryRuns, StagedWrites.NONE);
    }

    AuthorizationResource(Authorizations authorizations, DryRuns dryRuns, StagedWrites staged) {
        this.authorizations = authorizations;
        this.dryRuns = dryRuns;
        this.staged = staged;
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
        boolean dryRun = ConfigWrites.dryRun(request);
        StagedWrites.Asked asked = staged.extract(request);
        AllowBody body = Json.read(asked.request(), AllowBody.class);
        AllowList list = new AllowList(service, body.allow());
        if (dryRun) {
            write.check(authorizations.etag(service));
            return dryRuns.answerFor(RuleJson.of(EffectiveAuthorization.of(list, authorizations.defaultMode())),
                    config -> config.withAllowList(list));
        }
        return staged.write(ConfigKind.AUTHORIZATION, service, asked.rollout(),
                () -> StableValue.allowList(service, authorizations.allowList(service)),
                () -> authorizations.put(list, write),
                revision -> ConfigWrites.tagged(Json.response(200, RuleJson.of(authorizations.effective(service))),
                        revision));
    }

    private AdminResponse delete(AdminRequest request) {
        String service = InvalidFieldException.serviceName("service", request.pathParam("service"));
        if (ConfigWrites.dryRun(request)) {
            ConfigWrites.of(request).check(authorizations.etag(service));
            return dryRuns.answerFor(RuleJson.of(EffectiveAuthorization.byDefault(service,
                    authorizations.defaultMode())),
                    config -> config.withoutAllowList(service));
        }
        staged.checkIdle(ConfigKind.AUTHORIZATION, service);
        authorizations.remove(service, ConfigWrites.of(request)); // idempotent: 204 whether or not it had a list
        return ConfigWrites.tagged(AdminResponse.noContent(), authorizations.etag(service));
    }

    private AdminResponse getDefault(AdminRequest request) {
        long etag = authorizations.defaultEtag();
        return ConfigWrites.tagged(Json.response(200, new DefaultBody(authorizations.defaultMode().text())), etag);
    }

    private AdminResponse putDefault(AdminRequest request) {
        ConfigWrite write = ConfigWrites.of(request);
        boolean dryRun = ConfigWrites.dryRun(request);
        StagedWrites.Asked asked = staged.extract(request);
        DefaultBody body = Json.read(asked.request(), DefaultBody.class);
        DefaultMode mode = DefaultMode.parse("mode", body.mode());
        if (dryRun) {
            write.check(authorizations.defaultEtag());
            return dryRuns.answerFor(new DefaultBody(mode.text()), config -> config.withDefaultMode(mode));
        }
        return staged.write(ConfigKind.AUTHORIZATION_DEFAULT, Authorizations.DEFAULT_OBJECT, asked.rollout(),
                () -> StableValue.defaultMode(authorizations.defaultMode()),
                () -> {
                    authorizations.setDefault(mode, write);
                    return authorizations.defaultEtag();
                },
                revision -> ConfigWrites.tagged(Json.response(200,
                        new DefaultBody(authorizations.defaultMode().text())), revision));
    }

    @Override
    public Set<ConfigKind> kinds() {
        return Set.of(ConfigKind.AUTHORIZATION, ConfigKind.AUTHORIZATION_DEFAULT);
    }

    @Override
    public void revert(StoredRevision revision, ConfigWrite write) {
        JsonNode before = revision.before();
        if (isDefault(revision)) {
            authorizations.setDefault(defaultBefore(before), write);
        } else if (before == null) {
            authorizations.remove(revision.object(), write);
        } else {
            authorizations.put(listBefore(revision), write);
        }
    }

    @Override
    public UnaryOperator<MeshConfig> previewRevert(StoredRevision revision) {
        if (isDefault(revision)) {
            DefaultMode mode = defaultBefore(revision.before());
            return config -> config.withDefaultMode(mode);
        }
        if (revision.before() == null) {
            return config -> config.withoutAllowList(revision.object());
        }
        AllowList list = listBefore(revision);
        return config -> config.withAllowList(list);
    }

    private static boolean isDefault(StoredRevision revision) {
        return revision.kind().equals(ConfigKind.AUTHORIZATION_DEFAULT.wireName());
    }

    private static DefaultMode defaultBefore(JsonNode before) {
        return before == null ? DefaultMode.ALLOW_ALL : DefaultMode.parse("mode", before.path("mode").asText());
    }

    private static AllowList listBefore(StoredRevision revision) {
        List<String> allow = new ArrayList<>();
        revision.before().path("allow").forEach(caller -> allow.add(caller.asText()));
        return new AllowList(revision.object(), allow);
    }
}
