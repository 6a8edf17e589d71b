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
import io.banyan.controlplane.store.StoredRevision;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/migrations}: create one ({@code ?dryRun=true} checks it and answers its view, storing nothing), list
 * them, read one with its stats over its guard's window, read its events, act on it ({@code advance}, {@code pause},
 * {@code resume}, {@code rollback}, {@code complete}; a transition its state does not allow is a 409 saying what it
 * allows), and delete a complete or rolled-back one.
 */
final class MigrationsResource implements RevertibleResource {

    private static final String PATH = "/v1/migrations";
    private static final String ONE = PATH + "/{name}";

    private final MigrationBook book;
    private final MigrationController controller;
    private final Registry registry;
    private final MigrationJson json = new MigrationJson();

    MigrationsResource(MigrationBook book, MigrationController controller, Registry registry) {
        this.book = book;
        this.controller = controller;
        this.registry = registry;
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
        boolean dryRun = RouteAnswers.dryRun(request);
        JsonBodies.requireJsonBody(request);
        ConfigWrite write = ConfigWrites.of(request);
        MigrationSpec spec = json.readSpec(request.body());
        Migration migration = dryRun ? book.preview(spec) : book.create(spec, write);
        ObjectNode view = view(migration);
        if (dryRun) {
            view.put(RouteAnswers.DRY_RUN, true);
        }
        ArrayNode warnings = view.putArray("warnings");
        for (String field : List.of("from", "to")) {
            String service = field.equals("from") ? spec.from() : spec.to();
            if (registry.service(service).isEmpty()) {
                warnings.add(field + ": service '" + service + "' is not registered (yet): its side has no endpoints"
                        + " until it is");
            }
        }
        AdminResponse created = AdminResponse.json(dryRun ? 200 : 201, json.bytes(view));
        return dryRun ? created : ConfigWrites.tagged(created, book.etag(spec.name()));
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
        if (RouteAnswers.dryRun(request)) {
            return dryRunAnswer(book.previewAct(name, action, Actor.OPERATOR));
        }
        ConfigWrite write = ConfigWrites.of(request);
        Migration migration = book.act(name, action, Actor.OPERATOR, write);
        return ConfigWrites.tagged(AdminResponse.json(200, json.bytes(view(migration))), book.etag(migration.name()));
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam("name");
        if (RouteAnswers.dryRun(request)) {
            return dryRunAnswer(book.previewDelete(name).orElseThrow(() -> unknown(name)));
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
     * Only a migration's creation is reverted, by deleting it, and only once it is complete or rolled back (a live one
     * is a 409 from the book); its state actions and its deletion are not: a 409 saying what to do instead.
     */
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
        String name = revision.object();
        if (!revision.action().equals(RevisionAction.CREATE.wireName())) {
            throw new MigrationConflictException("revision " + revision.revision() + " (" + revision.action()
                    + " of migration '" + name + "') cannot be reverted (expected: a migration's create, once it is"
                    + " complete or rolled back; move a live one with /v1/migrations/" + name + "/rollback,"
                    + " /pause or /resume)");
        }
        if (!book.delete(name, write)) {
            throw new MigrationConflictException("migration '" + name + "': already deleted (nothing to revert)");
        }
    }

    /** A dry run's answer: the view the migration would have (or has, for a delete), nothing stored. */
    private AdminResponse dryRunAnswer(Migration migration) {
        ObjectNode view = view(migration);
        view.put(RouteAnswers.DRY_RUN, true);
        return AdminResponse.json(200, json.bytes(view));
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
