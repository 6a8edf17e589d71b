package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.JsonBodies;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.rollout.StableValue;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.controlplane.xds.snapshot.RouteCheck;
import io.banyan.controlplane.xds.snapshot.RoutePreview;

import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The operator routes of a service ({@code /v1/services/{service}/routes}; a write creates the service, as a policy
 * does) or of an edge gateway ({@code /v1/gateways/{name}/routes}; stored before any gateway of that name
 * connects): read them, replace them or delete them; {@code ?dryRun=true} on a write checks it and answers what
 * would be published, storing nothing. Answers carry the routes' {@code ETag}; writes honour {@code If-Match}.
 */
final class RoutesResource implements RevertibleResource {

    private final RouteOwner owner;
    private final String path;
    private final String param;
    /** Before a write of the routes of (name, author): the service's creation. */
    private final BiConsumer<String, String> beforeWrite;
    private final RouteBook routes;
    private final PolicyBook policies;
    private final RouteCheck check;
    private final RouteJson json = new RouteJson();
    private final RoutePreview preview = new RoutePreview();
    private final RouteAnswers answers = new RouteAnswers();
    private final DryRuns dryRuns;
    private final StagedWrites staged;

    private RoutesResource(RouteOwner owner, String path, String param, BiConsumer<String, String> beforeWrite,
                           RouteBook routes, PolicyBook policies, RouteCheck check, DryRuns dryRuns,
                           StagedWrites staged) {
        this.staged = staged;
        this.owner = owner;
        this.path = path;
        this.param = param;
        this.beforeWrite = beforeWrite;
        this.routes = routes;
        this.policies = policies;
        this.check = check;
        this.dryRuns = dryRuns;
    }

    static RoutesResource services(Registry registry, RouteBook routes, PolicyBook policies, RouteCheck check,
                                   DryRuns dryRuns, StagedWrites staged) {
        return new RoutesResource(RouteOwner.SERVICE, "/v1/services/{service}/routes", "service",
                (name, author) -> registry.putService(name, ConfigWrite.by(author)), routes, policies, check, dryRuns,
                staged);
    }

    static RoutesResource gateways(RouteBook routes, PolicyBook policies, RouteCheck check, DryRuns dryRuns,
                                   StagedWrites staged) {
        return new RoutesResource(RouteOwner.GATEWAY, "/v1/gateways/{name}/routes", "name", (name, author) -> { },
                routes, policies, check, dryRuns, staged);
    }

    @Override
    public void addRoutes(RouteTable table) {
        table.add("GET", path, this::get)
                .add("PUT", path, this::put)
                .add("DELETE", path, this::delete);
    }

    private AdminResponse get(AdminRequest request) {
        String name = request.pathParam(param);
        long etag = routes.etag(owner, name); // first: a write in between makes a later If-Match stale, not lost
        return ConfigWrites.tagged(answers.stored(stored(name)), etag);
    }

    private AdminResponse put(AdminRequest request) {
        String name = InvalidFieldException.serviceName(param, request.pathParam(param));
        ConfigWrite write = ConfigWrites.of(request);
        boolean dryRun = ConfigWrites.dryRun(request);
        JsonBodies.requireJsonBody(request);
        StagedWrites.Asked asked = staged.extract(request);
        OwnedRoutes given = json.read(owner, name, asked.request().body());
        checked(given);
        if (dryRun) {
            write.check(routes.etag(owner, name));
            return dryRun(given);
        }
        return staged.write(RouteBook.kind(owner), name, asked.rollout(),
                () -> StableValue.routes(owner, name, routes.get(owner, name)), () -> store(given, write),
                revision -> ConfigWrites.tagged(answers.written(given), revision));
    }

    /** What the sidecars and gateways would refuse is a 400, a live migration's match a 409 (dry run or not). */
    private void checked(OwnedRoutes given) {
        check.check(given);
        routes.checkClaims(given);
    }

    private long store(OwnedRoutes given, ConfigWrite write) {
        write.check(routes.etag(owner, given.name()));
        beforeWrite.accept(given.name(), write.author());
        return routes.put(given, null, write);
    }

    /** The routes, their warnings and tables, and what the connected nodes would receive (a service's is created). */
    private AdminResponse dryRun(OwnedRoutes given) {
        return dryRuns.answer(answers.dryRun(given, preview.of(given, policies.snapshot())), edit(given));
    }

    private UnaryOperator<MeshConfig> edit(OwnedRoutes given) {
        return owner == RouteOwner.SERVICE ? config -> config.withService(given.name()).withRoutes(given)
                : config -> config.withRoutes(given);
    }

    @Override
    public UnaryOperator<MeshConfig> previewRevert(StoredRevision revision) {
        if (revision.before() == null) {
            return routes.get(owner, revision.object()).map(held -> edit(held.withoutRoutes()))
                    .orElse(UnaryOperator.identity());
        }
        OwnedRoutes given = json.read(owner, revision.object(), ConfigWrites.body(revision.before()));
        checked(given);
        return edit(given);
    }

    @Override
    public Set<ConfigKind> kinds() {
        return Set.of(RouteBook.kind(owner));
    }

    @Override
    public void revert(StoredRevision revision, ConfigWrite write) {
        if (revision.before() == null) {
            routes.remove(owner, revision.object(), write);
            return;
        }
        OwnedRoutes given = json.read(owner, revision.object(), ConfigWrites.body(revision.before()));
        checked(given);
        store(given, write);
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam(param);
        ConfigWrite write = ConfigWrites.of(request);
        boolean dryRun = ConfigWrites.dryRun(request);
        OwnedRoutes none = stored(name).withoutRoutes();
        if (dryRun) {
            write.check(routes.etag(owner, name));
            return dryRun(none);
        }
        staged.checkIdle(RouteBook.kind(owner), name);
        if (!routes.remove(owner, name, write)) {
            throw unknown(name);
        }
        return ConfigWrites.tagged(AdminResponse.noContent(), routes.etag(owner, name));
    }

    private OwnedRoutes stored(String name) {
        return routes.get(owner, name).orElseThrow(() -> unknown(name));
    }

    private ApiException unknown(String name) {
        return ApiException.notFound(param, "routes of " + owner.field() + " '" + name + "': none set");
    }
}
