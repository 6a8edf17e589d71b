package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.JsonBodies;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.migration.Action;
import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.MigrationBook;
import io.banyan.controlplane.migration.MigrationConflictException;
import io.banyan.controlplane.migration.MigrationController;
import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.migration.MigrationJson;
import io.banyan.controlplane.migration.MigrationSpec;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.RevisionAction;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.xds.snapshot.MeshConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code /v1/migrations}: create one, list them, read one with its stats over its guard's window, read its events, act
 * on it ({@code advance}, {@code pause}, {@code resume}, {@code rollback}, {@code complete}; a transition its state
 * does not allow is a 409 saying what it allows), and delete a complete or rolled-back one. Every write takes
 * {@code ?dryRun=true}: checked the same way, it answers the migration's view and what would be published
 * ({@link DryRuns}), storing nothing.
 */
final class MigrationsResource implements RevertibleResource {

    private static final String PATH = "/v1/migrations";
    private static final String ONE = PATH + "/{name}";

    private final MigrationBook book;
    private final MigrationController controller;
    private final Registry registry;
    private final MigrationJson json = new MigrationJson();
    private final DryRuns dryRuns;

    MigrationsResource(MigrationBook book, MigrationController controller, Registry registry, DryRuns dryRuns) {
        this.book = book;
        this.controller = controller;
        this.registry = registry;
        this.dryRuns = dryRuns;
    }

    @Override
    public void addRoutes(RouteTable table) {
        table.add("POST", PATH, this::create)
                .add("GET", PATH, this::list)
                .add("GET", ONE, this::get)
                .add("DELETE", ONE, this::delete)
                .add("GET", ONE + "/events", this::events);
        for (Action action : Action.values()) {
            table.add("POST", ONE + "/" + action.word(), request -> act(request, action));
        }
    }

    private AdminResponse create(AdminRequest request) {
        boolean dryRun = ConfigWrites.dryRun(request);
        JsonBodies.requireJsonBody(request);
        ConfigWrite write = ConfigWrites.of(request);
        MigrationSpec spec = json.readSpec(request.body());
        if (dryRun) {
            write.check(book.etag(spec.name()));
        }
        Migration migration = dryRun ? book.preview(spec) : book.create(spec, write);
        ObjectNode view = view(migration);
        ArrayNode warnings = view.putArray("warnings");
        for (String field : List.of("from", "to")) {
            String service = field.equals("from") ? spec.from() : spec.to();
            if (registry.service(service).isEmpty()) {
                warnings.add(field + ": service '" + service + "' is not registered (yet): its side has no endpoints"
                        + " until it is");
            }
        }
        if (dryRun) {
            return dryRuns.answer(view, config -> config.withMigration(migration));
        }
        return ConfigWrites.tagged(AdminResponse.json(201, json.bytes(view)), book.etag(spec.name()));
    }

    private AdminResponse list(AdminRequest request) {
        List<ObjectNode> views = new ArrayList<>();
        book.snapshot().migrations().values().forEach(migration -> views.add(view(migration)));
        return AdminResponse.json(200, json.bytes(json.list(views)));
    }

    private AdminResponse get(AdminRequest request) {
        long etag = book.etag(request.pathParam("name")); // first: a change in between makes a later If-Match stale
        Migration migration = existing(request);
        return ConfigWrites.tagged(AdminResponse.json(200, json.bytes(view(migration))), etag);
    }

    private AdminResponse events(AdminRequest request) {
        return AdminResponse.json(200, json.bytes(json.events(existing(request))));
    }

    private AdminResponse act(AdminRequest request, Action action) {
        String name = existing(request).name();
        ConfigWrite write = ConfigWrites.of(request);
        if (ConfigWrites.dryRun(request)) {
            write.check(book.etag(name));
            Migration next = book.previewAct(name, action, Actor.OPERATOR);
            Optional<OwnedRoutes> routes = book.previewRoutes(name, action);
            return dryRuns.answer(view(next), config -> routes.map(config::withRoutes).orElse(config)
                    .withMigration(next));
        }
        Migration migration = book.act(name, action, Actor.OPERATOR, write);
        return ConfigWrites.tagged(AdminResponse.json(200, json.bytes(view(migration))), book.etag(migration.name()));
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam("name");
        if (ConfigWrites.dryRun(request)) {
            ConfigWrites.of(request).check(book.etag(name));
            Migration deleted = book.previewDelete(name).orElseThrow(() -> unknown(name));
            return dryRuns.answer(view(deleted), config -> config.withoutMigration(name));
        }
        if (!book.delete(name, ConfigWrites.of(request))) {
            throw unknown(name);
        }
        return ConfigWrites.tagged(AdminResponse.noContent(), book.etag(name));
    }

    @Override
    public Set<ConfigKind> kinds() {
        return Set.of(ConfigKind.MIGRATION);
    }

    /**
     * A create is undone by deleting the migration, which the book allows only once it is done: the advances, pauses
     * and rollbacks after it are its own life, not changes that refuse the revert.
     */
    @Override
    public boolean laterChangesRefuse(StoredRevision revision) {
        return !revision.action().equals(RevisionAction.CREATE.wireName());
    }

    @Override
    public void revert(StoredRevision revision, ConfigWrite write) {
        String name = revertible(revision);
        if (!book.delete(name, write)) {
            throw new MigrationConflictException("migration '" + name + "': already deleted (nothing to revert)");
        }
    }

    @Override
    public UnaryOperator<MeshConfig> previewRevert(StoredRevision revision) {
        String name = revertible(revision);
        if (book.previewDelete(name).isEmpty()) {
            throw new MigrationConflictException("migration '" + name + "': already deleted (nothing to revert)");
        }
        return config -> config.withoutMigration(name);
    }

    /** The migration a revert of {@code revision} deletes: 409 unless the revision created it. */
    private static String revertible(StoredRevision revision) {
        String name = revision.object();
        if (!revision.action().equals(RevisionAction.CREATE.wireName())) {
            throw new MigrationConflictException("revision " + revision.revision() + " (" + revision.action()
                    + " of migration '" + name + "') cannot be reverted (expected: a migration's create, once it is"
                    + " complete or rolled back; move a live one with /v1/migrations/" + name + "/rollback,"
                    + " /pause or /resume)");
        }
        return name;
    }

    private ObjectNode view(Migration migration) {
        return json.view(migration, controller.stats(migration));
    }

    private Migration existing(AdminRequest request) {
        String name = request.pathParam("name");
        return book.get(name).orElseThrow(() -> unknown(name));
    }

    private static ApiException unknown(String name) {
        return ApiException.notFound("name", "migration '" + name + "': none of that name");
    }
}
