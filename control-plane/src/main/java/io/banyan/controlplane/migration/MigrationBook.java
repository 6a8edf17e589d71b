package io.banyan.controlplane.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.replica.Reread;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.IfMatch;
import io.banyan.controlplane.revision.RevisionAction;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.route.Destination;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.route.Match;
import io.banyan.controlplane.route.OperatorRoute;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteClaims;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.route.ServiceRoutes;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The migrations, persisted in the store's {@code migrations} map (each its spec, state and latest events as JSON),
 * loaded on start so a restart resumes each at the same step and state. Every change goes through here, one at a
 * time, is stored before it is published, and produces a {@link MigrationSnapshot} with the next revision for every
 * listener; each is written with its revision (kind {@code migration}, the stored JSON before and after; the author is
 * the operator's token name, {@code guard} or {@code schedule}). It also answers, without locking, which live migration owns a match in a route table ({@link
 * RouteClaims}), so operator route writes cannot take it over. As a {@link StoreFollower} it takes another replica's
 * change of a migration (the leader's controller, an operator's action there), publishing only when it changed.
 */
public final class MigrationBook implements RouteClaims, StoreFollower {

    private static final Logger log = LoggerFactory.getLogger(MigrationBook.class);

    private final Store store;
    private final Clock clock;
    private final RouteBook routes;
    private final Revisions revisions;
    private final MigrationJson json = new MigrationJson();
    private final List<MigrationListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /**
     * Migrations kept, in any state: each live one has the data planes report three clusters, each kept up to an hour
     * by the load store; a done one is deleted to make room.
     */
    public static final int MAX_MIGRATIONS = 64;

    private final TreeMap<String, Migration> migrations = new TreeMap<>();
    /** The ETag of each migration as held (the revision that wrote what {@link #migrations} holds). */
    private final Map<String, Long> heldEtags = new HashMap<>();
    private long revision = 1;
    private volatile MigrationSnapshot current;

    /** Loads every stored migration and claims the live ones' matches in {@code routes}. */
    public MigrationBook(Store store, Clock clock, RouteBook routes) {
        this(store, clock, routes, new Revisions(store, clock, new SimpleMeterRegistry()));
    }

    /** As above; every change is written with its revision in {@code revisions}. */
    public MigrationBook(Store store, Clock clock, RouteBook routes, Revisions revisions) {
        this.revisions = Objects.requireNonNull(revisions, "revisions");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.routes = Objects.requireNonNull(routes, "routes");
        for (StoredMigration stored : store.migrations().values()) {
            revisions.adopt(ConfigKind.MIGRATION, stored.name(), () -> revisionTree(stored.json()));
            migrations.put(stored.name(), json.readStored(stored.json()));
            heldEtags.put(stored.name(), etag(stored.name()));
        }
        current = new MigrationSnapshot(revision, migrations);
        routes.useClaims(this);
        log.info("migrations loaded: {} ({} live)", migrations.size(), current.live().size());
    }

    /** Another replica changed migration {@code key}: re-read it, publish if it changed. */
    @Override
    public void changed(String map, String key, String value) {
        if (store.migrations().name().equals(map)) {
            synchronized (lock) {
                if (followLocked(key)) {
                    log.info("migration {} changed by another replica", key);
                    publishLocked();
                }
            }
        }
    }

    /** The store re-read everything: re-read every migration, held or stored. */
    @Override
    public void reloaded() {
        synchronized (lock) {
            if (Reread.all(migrations.keySet(), store.migrations().values().stream().map(StoredMigration::name)
                    .toList(), this::followLocked)) {
                publishLocked();
            }
        }
    }

    /** Holds migration {@code name} as stored (none when it is gone or unreadable: logged); whether it changed. */
    private boolean followLocked(String name) {
        Migration before = migrations.remove(name);
        heldEtags.remove(name);
        store.migrations().get(name).ifPresent(stored -> {
            try {
                migrations.put(name, json.readStored(stored.json()));
                heldEtags.put(name, etag(name));
            } catch (RuntimeException e) {
                log.error("stored migration {} is unreadable; it is left out until it is written again: {}", name,
                        e.getMessage());
            }
        });
        return !Objects.equals(before, migrations.get(name));
    }

    /** Adds a listener; it first receives the current snapshot, then every change. */
    public void addListener(MigrationListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            listener.onMigrations(current);
        }
    }

    public MigrationSnapshot snapshot() {
        return current;
    }

    public Optional<Migration> get(String name) {
        return Optional.ofNullable(current.migrations().get(name));
    }

    /** What {@link #create} would store, checked the same way, storing nothing. */
    public Migration preview(MigrationSpec spec) {
        synchronized (lock) {
            checkNew(spec);
            return Transitions.created(spec, clock.instant());
        }
    }

    /** Creates a migration at its first step; 409 when the name exists or a live one owns the same table and match. */
    public Migration create(MigrationSpec spec) {
        return create(spec, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /** {@link #create(MigrationSpec)} on {@code write}'s If-Match, durably with its revision. */
    public Migration create(MigrationSpec spec, ConfigWrite write) {
        synchronized (lock) {
            revisions.check(ConfigKind.MIGRATION, spec.name(), write);
            checkNew(spec);
            Migration created = Transitions.created(spec, clock.instant());
            save(created, null, write); // null: create, or update of one another replica created meanwhile
            log.info("migration {} created by {}: {} -> {} in {}, weight {}", spec.name(), write.author(), spec.from(),
                    spec.to(), spec.table(), created.state().weight());
            return created;
        }
    }

    /** An operator's action on {@code name}; 404 when there is none, 409 when its phase does not allow it. */
    public Migration act(String name, Action action, Actor by) {
        return act(name, action, by, written(by));
    }

    /** {@link #act(String, Action, Actor)} on {@code write}'s If-Match, durably with its revision. */
    public Migration act(String name, Action action, Actor by, ConfigWrite write) {
        return switch (action) {
            case ADVANCE -> advance(name, by, write);
            case PAUSE -> change(name, write, RevisionAction.PAUSE, m -> Transitions.pause(m, clock.instant(), by));
            case RESUME -> change(name, write, RevisionAction.RESUME, m -> Transitions.resume(m, clock.instant(), by));
            case ROLLBACK -> rollback(name, by, null, Map.of(), write);
            case COMPLETE -> complete(name, by, write);
        };
    }

    /**
     * What {@code action} would make of {@code name}, stored nowhere (a dry run): the same 404s and 409s as
     * {@link #act}, a completion's permanent route checked as it would be written.
     */
    public Migration previewAct(String name, Action action, Actor by) {
        synchronized (lock) {
            Migration migration = existing(name);
            Instant now = clock.instant();
            Action taken = action;
            if (completes(migration, action)) {
                Transitions.check(migration, action);
                routes.checkClaims(permanentRoutes(migration.spec()), name);
                taken = Action.COMPLETE;
            }
            return switch (taken) {
                case ADVANCE -> Transitions.advance(migration, now, by);
                case PAUSE -> Transitions.pause(migration, now, by);
                case RESUME -> Transitions.resume(migration, now, by);
                case ROLLBACK -> Transitions.rollback(migration, now, by, null, Map.of());
                case COMPLETE -> Transitions.complete(migration, now, by);
            };
        }
    }

    /**
     * The operator routes {@code action} would write with {@code name}'s completion (its permanent route first in its
     * table), storing nothing; empty when the action does not complete it.
     */
    public Optional<OwnedRoutes> previewRoutes(String name, Action action) {
        synchronized (lock) {
            Migration migration = existing(name);
            return completes(migration, action) ? Optional.of(permanentRoutes(migration.spec())) : Optional.empty();
        }
    }

    /** The migration {@link #delete} would forget, forgetting nothing (a dry run): 409 for a live one, empty for none. */
    public Optional<Migration> previewDelete(String name) {
        synchronized (lock) {
            Migration migration = migrations.get(name);
            if (migration != null) {
                checkDeletable(migration);
            }
            return Optional.ofNullable(migration);
        }
    }

    /**
     * The guard's or the schedule's action on a migration as it was judged: done only if the migration has not
     * changed since ({@code seen} is still what is held), so a decision on stale state is dropped.
     */
    public Optional<Migration> actIfUnchanged(Migration seen, Action action, Actor by, String reason,
                                              Map<String, Number> figures) {
        synchronized (lock) {
            if (!seen.equals(migrations.get(seen.name()))) {
                return Optional.empty();
            }
            // written on the If-Match of the ETag of the state held: a write made since on another replica (a newer
            // leader's) refuses it with a StaleETagException, even before it reached this book
            long etag = heldEtags.getOrDefault(seen.name(), 0L);
            ConfigWrite write = new ConfigWrite(written(by).author(),
                    etag == 0 ? IfMatch.NONE : new IfMatch(false, List.of(etag))); // 0: kept from before revisions
            return Optional.of(action == Action.ROLLBACK ? rollback(seen.name(), by, reason, figures, write)
                    : act(seen.name(), action, by, write));
        }
    }

    /** Advances {@code name} (at its last step: completes it, writing its permanent route). */
    public Migration advance(String name, Actor by) {
        return advance(name, by, written(by));
    }

    private Migration advance(String name, Actor by, ConfigWrite write) {
        synchronized (lock) {
            revisions.check(ConfigKind.MIGRATION, name, write);
            Migration migration = existing(name);
            Transitions.check(migration, Action.ADVANCE);
            if (completes(migration, Action.ADVANCE)) {
                return complete(name, by, write);
            }
            return change(name, write, RevisionAction.ADVANCE, m -> Transitions.advance(m, clock.instant(), by));
        }
    }

    public Migration pause(String name, Actor by) {
        return act(name, Action.PAUSE, by);
    }

    public Migration resume(String name, Actor by) {
        return act(name, Action.RESUME, by);
    }

    /** Rolls back to weight 0; {@code reason} (null: by whom) and {@code figures} go into the event. */
    public Migration rollback(String name, Actor by, String reason, Map<String, Number> figures) {
        return rollback(name, by, reason, figures, written(by));
    }

    private Migration rollback(String name, Actor by, String reason, Map<String, Number> figures, ConfigWrite write) {
        return change(name, write, RevisionAction.ROLLBACK,
                m -> Transitions.rollback(m, clock.instant(), by, reason, figures));
    }

    /**
     * Completes {@code name}: its permanent operator route ({@code {name, match, to: [{service: to}]}}) goes first in
     * its table, replacing a route with the same match or name, in one store write with its state: if either cannot
     * be written (the migration's If-Match refuses it, say), neither is.
     */
    public Migration complete(String name, Actor by) {
        return complete(name, by, written(by));
    }

    private Migration complete(String name, Actor by, ConfigWrite write) {
        synchronized (lock) {
            revisions.check(ConfigKind.MIGRATION, name, write);
            Migration migration = existing(name);
            Migration completed = Transitions.complete(migration, clock.instant(), by);
            String text = json.writeStored(completed);
            // the route and the migration in one store write: a completion refused by If-Match (a deposed leader's)
            // leaves no route behind
            long written = routes.putWith(permanentRoutes(migration.spec()), name, ConfigWrite.by(write.author()),
                    new Revisions.Write(ConfigKind.MIGRATION, name, Revisions.replacing(ConfigKind.MIGRATION, name,
                            store.migrations(), name, this::storedJson, RevisionAction.COMPLETE, revisionTree(text)),
                            write), new StoreBatch().put(store.migrations(), name, stored(completed, text))).revision();
            saved(completed, written);
            log.info("migration {} complete by {}: {} now routed to {}", name, write.author(),
                    migration.spec().table(), migration.spec().to());
            return completed;
        }
    }

    /** Forgets a complete or rolled-back migration; 409 for any other, false when there is none. */
    public boolean delete(String name) {
        return delete(name, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /** {@link #delete(String)} on {@code write}'s If-Match, durably with its revision. */
    public boolean delete(String name, ConfigWrite write) {
        synchronized (lock) {
            revisions.check(ConfigKind.MIGRATION, name, write);
            Migration migration = migrations.get(name);
            if (migration == null) {
                return false;
            }
            checkDeletable(migration);
            revisions.write(ConfigKind.MIGRATION, name, Revisions.replacing(ConfigKind.MIGRATION, name,
                    store.migrations(), name, this::storedJson, null, null), write, new StoreBatch().remove(store.migrations(), name));
            migrations.remove(name);
            heldEtags.remove(name);
            publishLocked();
            log.info("migration {} deleted by {}", name, write.author());
            return true;
        }
    }

    /** The ETag of migration {@code name}: the revision that last wrote it (0: none). */
    public long etag(String name) {
        return revisions.etag(ConfigKind.MIGRATION, name);
    }

    /** Whether {@code action} completes {@code migration}: completing it, or advancing it past its last step. */
    private static boolean completes(Migration migration, Action action) {
        return action == Action.COMPLETE
                || action == Action.ADVANCE && migration.state().step() == migration.spec().lastStep();
    }

    private static void checkDeletable(Migration migration) {
        if (migration.live()) {
            throw new MigrationConflictException("cannot delete a " + migration.state().state().wireName()
                    + " migration (expected: a complete or rolled-back one; rollback or complete it first)");
        }
    }

    @Override
    public Optional<String> claimant(RouteOwner owner, String name, Match match) {
        MigrationSpec.Table table = new MigrationSpec.Table(owner, name);
        return current.liveIn(table).stream().filter(m -> m.spec().match().equals(match)).map(Migration::name)
                .findFirst();
    }

    private Migration change(String name, ConfigWrite write, RevisionAction action,
                             UnaryOperator<Migration> transition) {
        synchronized (lock) {
            revisions.check(ConfigKind.MIGRATION, name, write);
            Migration next = transition.apply(existing(name));
            save(next, action, write);
            MigrationEvent event = next.events().get(next.events().size() - 1);
            log.info("migration {} {} by {}: weight {} -> {}{}", name, event.type(), write.author(),
                    event.fromWeight(), event.toWeight(), event.reason() == null ? "" : " (" + event.reason() + ")");
            return next;
        }
    }

    /** The author of an actor's change made without a request: {@code admin}, {@code guard}, {@code schedule}. */
    private static ConfigWrite written(Actor by) {
        return ConfigWrite.by(by == Actor.OPERATOR ? ConfigWrite.ADMIN : by.name().toLowerCase(Locale.ROOT));
    }

    /** A stored migration's JSON, as its revisions keep it. */
    private JsonNode storedJson(StoredMigration stored) {
        return revisionTree(stored.json());
    }

    /**
     * A stored migration as its revisions keep it: without its events (up to 500 of them, which the migration's own
     * record keeps), so that a revision costs the size of the spec and state, not of the history.
     */
    private JsonNode revisionTree(String stored) {
        JsonNode tree = revisions.tree(stored);
        if (tree instanceof ObjectNode object) {
            object.remove("events");
        }
        return tree;
    }

    private Migration existing(String name) {
        Migration migration = migrations.get(name);
        if (migration == null) {
            throw new UnknownMigrationException(name);
        }
        return migration;
    }

    private void checkNew(MigrationSpec spec) {
        if (migrations.containsKey(spec.name())) {
            throw new MigrationConflictException("migration '" + spec.name() + "' exists (expected: a new name, or"
                    + " DELETE /v1/migrations/" + spec.name() + " once it is complete or rolled back)");
        }
        if (migrations.size() >= MAX_MIGRATIONS) {
            throw new MigrationConflictException("migrations: " + migrations.size() + " kept (expected: at most "
                    + MAX_MIGRATIONS + "; DELETE a complete or rolled-back one first)");
        }
        claimant(spec.table().owner(), spec.table().name(), spec.match()).ifPresent(owner -> {
            throw new MigrationConflictException("migration '" + owner + "' owns the same match in the route table of "
                    + spec.table() + " (expected: one live migration per table and match)");
        });
    }

    /**
     * Stores {@code migration} with its revision: {@code action} (null: create, or update of what the write finds), its
     * {@code before} the migration as the write sees it.
     */
    private void save(Migration migration, RevisionAction action, ConfigWrite write) {
        String text = json.writeStored(migration);
        long written = revisions.write(ConfigKind.MIGRATION, migration.name(), Revisions.replacing(
                ConfigKind.MIGRATION, migration.name(), store.migrations(), migration.name(), this::storedJson, action,
                revisionTree(text)), write, new StoreBatch().put(store.migrations(), migration.name(),
                stored(migration, text))).revision();
        saved(migration, written);
    }

    private static StoredMigration stored(Migration migration, String text) {
        return new StoredMigration(migration.name(), text, migration.state().updatedAt());
    }

    /** Holds {@code migration}, written as revision {@code written}, and publishes it. */
    private void saved(Migration migration, long written) {
        migrations.put(migration.name(), migration);
        heldEtags.put(migration.name(), written);
        publishLocked();
    }

    /** The table's routes with the permanent route of a completing migration first. */
    private OwnedRoutes permanentRoutes(MigrationSpec spec) {
        MigrationSpec.Table table = spec.table();
        List<OperatorRoute> list = new ArrayList<>();
        list.add(new OperatorRoute(spec.name(), spec.match(), List.of(new Destination(spec.to(), null)), null, null,
                null, null, null, null, null, null, null, null, null, null));
        routes.get(table.owner(), table.name()).ifPresent(held -> held.routes().stream()
                .filter(route -> !route.match().equals(spec.match()) && !spec.name().equals(route.name()))
                .forEach(list::add));
        return table.owner() == RouteOwner.SERVICE ? new ServiceRoutes(table.name(), list)
                : new GatewayRoutes(table.name(), list);
    }

    private void publishLocked() {
        revision++;
        current = new MigrationSnapshot(revision, migrations);
        for (MigrationListener listener : listeners) {
            try {
                listener.onMigrations(current);
            } catch (RuntimeException e) {
                log.warn("migration listener {} failed on revision {}", listener, revision, e);
            }
        }
    }
}
