package io.banyan.controlplane.migration;

import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.migration.MigrationEvent.Type;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.route.ClaimedRouteException;
import io.banyan.controlplane.route.OperatorRoute;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state machine through the book: every transition, the refused ones (409 words), durability, route ownership. */
class MigrationBookTest {

    private final FakeClock clock = new FakeClock();
    private final MigrationJson json = new MigrationJson();
    private final RouteJson routeJson = new RouteJson();

    @TempDir
    Path dir;

    private MigrationSpec spec(String name) {
        return json.readSpec(("{\"name\": \"" + name + "\", \"match\": {\"path\": {\"prefix\": \"/orders\"}},"
                + " \"from\": \"monolith\", \"to\": \"orders\", \"steps\": [0, 25, 100]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyTransitionMovesAsTheContractSaysAndRecordsItsEvent() {
        try (Store store = Store.open(dir)) {
            MigrationBook book = new MigrationBook(store, clock, new RouteBook(store, clock));
            Migration created = book.create(spec("m"));
            assertThat(created.state()).extracting(MigrationState::state, MigrationState::step, MigrationState::weight)
                    .containsExactly(Phase.SHADOWING, 0, 0);

            clock.advance(Duration.ofMinutes(1));
            Migration advanced = book.act("m", Action.ADVANCE, Actor.OPERATOR);
            assertThat(advanced.state()).extracting(MigrationState::state, MigrationState::step, MigrationState::weight,
                    MigrationState::stepStartedAt).containsExactly(Phase.SHIFTING, 1, 25, clock.instant());

            Migration paused = book.act("m", Action.PAUSE, Actor.OPERATOR);
            assertThat(paused.state()).extracting(MigrationState::state, MigrationState::weight, MigrationState::reason)
                    .containsExactly(Phase.PAUSED, 25, "paused by operator");
            assertThatThrownBy(() -> book.act("m", Action.ADVANCE, Actor.OPERATOR))
                    .isInstanceOf(MigrationConflictException.class)
                    .hasMessage("cannot advance a paused migration (expected: resume, rollback, complete)");

            Migration resumed = book.act("m", Action.RESUME, Actor.OPERATOR);
            assertThat(resumed.state()).extracting(MigrationState::state, MigrationState::step, MigrationState::weight)
                    .containsExactly(Phase.SHIFTING, 1, 25);

            Migration rolledBack = book.act("m", Action.ROLLBACK, Actor.OPERATOR);
            assertThat(rolledBack.state()).extracting(MigrationState::state, MigrationState::weight,
                    MigrationState::reason).containsExactly(Phase.ROLLED_BACK, 0, "rolled back by operator");
            assertThatThrownBy(() -> book.act("m", Action.ADVANCE, Actor.OPERATOR))
                    .hasMessage("cannot advance a rolled-back migration (expected: resume)");
            assertThatThrownBy(() -> book.act("m", Action.COMPLETE, Actor.OPERATOR))
                    .hasMessage("cannot complete a rolled-back migration (expected: resume)");

            Migration again = book.act("m", Action.RESUME, Actor.OPERATOR);
            assertThat(again.state()).extracting(MigrationState::state, MigrationState::step, MigrationState::weight)
                    .containsExactly(Phase.SHADOWING, 0, 0);

            book.act("m", Action.ADVANCE, Actor.OPERATOR);
            Migration last = book.act("m", Action.ADVANCE, Actor.OPERATOR);
            assertThat(last.state()).extracting(MigrationState::state, MigrationState::step, MigrationState::weight)
                    .containsExactly(Phase.SHIFTING, 2, 100);
            Migration complete = book.act("m", Action.ADVANCE, Actor.OPERATOR);
            assertThat(complete.state()).extracting(MigrationState::state, MigrationState::weight)
                    .containsExactly(Phase.COMPLETE, 100);
            assertThatThrownBy(() -> book.act("m", Action.ROLLBACK, Actor.OPERATOR))
                    .hasMessage("cannot rollback a complete migration (expected: none: it is done; DELETE it to forget"
                            + " it)");

            assertThat(complete.events()).extracting(MigrationEvent::type).containsExactly(Type.CREATED,
                    Type.ADVANCED, Type.PAUSED, Type.RESUMED, Type.ROLLED_BACK, Type.RESUMED, Type.ADVANCED,
                    Type.ADVANCED, Type.COMPLETED);
            assertThat(complete.events().get(1)).extracting(MigrationEvent::fromStep, MigrationEvent::toStep,
                    MigrationEvent::fromWeight, MigrationEvent::toWeight).containsExactly(0, 1, 0, 25);

            List<StoredRevision> kept = new Revisions(store, clock, new SimpleMeterRegistry())
                    .newestFirst(ConfigKind.MIGRATION, null, 50);
            assertThat(kept).hasSize(complete.events().size());
            assertThat(kept).allSatisfy(revision -> {
                assertThat(revision.after()).isNotNull();
                assertThat(revision.after().has("events")).as("events kept out of revision %d", revision.revision())
                        .isFalse();
                assertThat(revision.before() == null || !revision.before().has("events")).isTrue();
            });
        }
    }

    @Test
    void aNameTakenOrATableMatchOwnedIsAConflictAndOnlyADoneMigrationIsDeleted() {
        try (Store store = Store.open(dir)) {
            MigrationBook book = new MigrationBook(store, clock, new RouteBook(store, clock));
            book.create(spec("m"));

            assertThatThrownBy(() -> book.create(spec("m"))).isInstanceOf(MigrationConflictException.class)
                    .hasMessageStartingWith("migration 'm' exists");
            assertThatThrownBy(() -> book.create(spec("other"))).isInstanceOf(MigrationConflictException.class)
                    .hasMessage("migration 'm' owns the same match in the route table of service 'monolith'"
                            + " (expected: one live migration per table and match)");
            assertThatThrownBy(() -> book.delete("m")).isInstanceOf(MigrationConflictException.class)
                    .hasMessageStartingWith("cannot delete a shadowing migration");
            assertThatThrownBy(() -> book.act("none", Action.PAUSE, Actor.OPERATOR))
                    .isInstanceOf(UnknownMigrationException.class);

            book.act("m", Action.ROLLBACK, Actor.OPERATOR);
            book.create(spec("other"));
            assertThat(book.delete("m")).isTrue();
            assertThat(book.delete("m")).isFalse();
            assertThat(book.snapshot().migrations()).containsOnlyKeys("other");
        }
    }

    @Test
    void atMostMaxMigrationsAreKept_aDoneOneDeletedMakesRoom() {
        try (Store store = Store.open(dir)) {
            MigrationBook book = new MigrationBook(store, clock, new RouteBook(store, clock));
            for (int i = 0; i < MigrationBook.MAX_MIGRATIONS; i++) {
                book.create(json.readSpec(("{\"name\": \"m" + i + "\", \"match\": {\"path\": {\"prefix\": \"/p" + i
                        + "\"}}, \"from\": \"monolith\", \"to\": \"orders\", \"steps\": [0, 100]}")
                        .getBytes(StandardCharsets.UTF_8)));
            }

            assertThatThrownBy(() -> book.create(spec("one-more"))).isInstanceOf(MigrationConflictException.class)
                    .hasMessage("migrations: 64 kept (expected: at most 64; DELETE a complete or rolled-back one first)");
            assertThat(book.snapshot().migrations()).hasSize(MigrationBook.MAX_MIGRATIONS);

            book.act("m0", Action.ROLLBACK, Actor.OPERATOR);
            assertThat(book.delete("m0")).isTrue();
            book.create(spec("one-more"));
            assertThat(book.snapshot().migrations()).containsKey("one-more").hasSize(MigrationBook.MAX_MIGRATIONS);
        }
    }

    @Test
    void aRestartResumesEveryMigrationAtTheSameStepAndState() {
        Migration before;
        try (Store store = Store.open(dir)) {
            MigrationBook book = new MigrationBook(store, clock, new RouteBook(store, clock));
            book.create(spec("m"));
            clock.advance(Duration.ofMinutes(3));
            before = book.act("m", Action.ADVANCE, Actor.SCHEDULE);
        }
        try (Store store = Store.open(dir)) {
            MigrationBook book = new MigrationBook(store, clock, new RouteBook(store, clock));
            assertThat(book.get("m")).contains(before);
            assertThat(book.get("m").orElseThrow().state()).extracting(MigrationState::state, MigrationState::step,
                    MigrationState::weight).containsExactly(Phase.SHIFTING, 1, 25);
            List<MigrationSnapshot> seen = new ArrayList<>();
            book.addListener(seen::add);
            assertThat(seen).singleElement().satisfies(s -> assertThat(s.live()).containsExactly(before));
        }
    }

    @Test
    void aRouteKeptUnchangedUnderAnotherLiveMigrationsMatchBlocksNeitherACompletionNorAnOperatorsWrite() {
        try (Store store = Store.open(dir)) {
            RouteBook routes = new RouteBook(store, clock);
            routes.put(routeJson.readService("monolith", ("{\"routes\": [{\"name\": \"orders\", \"match\": {\"path\":"
                    + " {\"prefix\": \"/orders\"}}, \"to\": [{\"service\": \"orders\"}]}]}").getBytes(StandardCharsets.UTF_8)));
            MigrationBook book = new MigrationBook(store, clock, routes);
            book.create(spec("orders-next")); // owns /orders in monolith's table, where an operator route has it too
            book.create(json.readSpec(("{\"name\": \"payments-move\", \"match\": {\"path\": {\"prefix\":"
                    + " \"/payments\"}}, \"from\": \"monolith\", \"to\": \"payments\", \"steps\": [100]}")
                    .getBytes(StandardCharsets.UTF_8)));

            book.complete("payments-move", Actor.OPERATOR);

            assertThat(routes.snapshot().services().get("monolith").routes()).extracting(OperatorRoute::name)
                    .containsExactly("payments-move", "orders");
            routes.put(routeJson.readService("monolith", ("{\"routes\": [{\"name\": \"orders\", \"match\": {\"path\":"
                    + " {\"prefix\": \"/orders\"}}, \"to\": [{\"service\": \"orders\"}]}]}").getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> routes.put(routeJson.readService("monolith", ("{\"routes\": [{\"name\":"
                    + " \"orders\", \"match\": {\"path\": {\"prefix\": \"/orders\"}}, \"to\": [{\"service\":"
                    + " \"elsewhere\"}]}]}").getBytes(StandardCharsets.UTF_8))))
                    .as("a changed route under the live migration's match is still refused")
                    .hasMessageContaining("match owned by migration 'orders-next'");
        }
    }

    @Test
    void aLiveMigrationOwnsItsMatchAndCompletingWritesThePermanentRouteFirst() {
        try (Store store = Store.open(dir)) {
            RouteBook routes = new RouteBook(store, clock);
            routes.put(routeJson.readService("monolith", ("{\"routes\": [{\"name\": \"old\", \"match\": {\"path\":"
                    + " {\"prefix\": \"/orders\"}}, \"to\": [{\"service\": \"legacy\"}]}, {\"name\": \"keep\","
                    + " \"match\": {\"path\": {\"prefix\": \"/keep\"}}, \"to\": [{\"service\": \"keep\"}]}]}")
                    .getBytes(StandardCharsets.UTF_8)));
            MigrationBook book = new MigrationBook(store, clock, routes);
            book.create(spec("orders-move"));

            routes.put(routes.get(RouteOwner.SERVICE, "monolith").orElseThrow()); // 'old' unchanged: accepted
            assertThatThrownBy(() -> routes.put(routeJson.readService("monolith", ("{\"routes\": [{\"name\": \"old\","
                    + " \"match\": {\"path\": {\"prefix\": \"/orders\"}}, \"to\": [{\"service\": \"newer\"}]}]}")
                    .getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(ClaimedRouteException.class)
                    .hasMessage("routes[0] 'old': match owned by migration 'orders-move' (expected: change it through"
                            + " /v1/migrations/orders-move)");
            routes.put(routeJson.readService("other", ("{\"routes\": [{\"match\": {\"path\": {\"prefix\":"
                    + " \"/orders\"}}, \"to\": [{\"service\": \"x\"}]}]}").getBytes(StandardCharsets.UTF_8)));

            book.act("orders-move", Action.COMPLETE, Actor.OPERATOR);

            List<OperatorRoute> now = routes.get(RouteOwner.SERVICE, "monolith").orElseThrow().routes();
            assertThat(now).extracting(OperatorRoute::name).containsExactly("orders-move", "keep");
            assertThat(now.get(0).to()).singleElement().satisfies(to -> assertThat(to.service()).isEqualTo("orders"));
            assertThat(now.get(0).match()).isEqualTo(spec("x").match());
            routes.put(routes.get(RouteOwner.SERVICE, "monolith").orElseThrow()); // no longer owned
        }
    }

    @Test
    void aCompletionWhoseRouteCannotBeWrittenLeavesTheStateAsItWas() {
        try (Store store = Store.open(dir)) {
            RouteBook routes = new RouteBook(store, clock);
            StringBuilder many = new StringBuilder("{\"routes\": [");
            for (int i = 0; i < 256; i++) {
                many.append(i == 0 ? "" : ",").append("{\"match\": {\"path\": {\"exact\": \"/r").append(i)
                        .append("\"}}, \"to\": [{\"service\": \"x\"}]}");
            }
            routes.put(routeJson.readService("monolith", many.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
            MigrationBook book = new MigrationBook(store, clock, routes);
            Migration created = book.create(spec("m"));

            assertThatThrownBy(() -> book.act("m", Action.COMPLETE, Actor.OPERATOR))
                    .hasMessageContaining("routes: 257 entries (expected: at most 256)");
            assertThat(book.get("m")).contains(created);
        }
    }

    @Test
    void theGuardsActionOnAStaleMigrationIsDropped() {
        try (Store store = Store.open(dir)) {
            MigrationBook book = new MigrationBook(store, clock, new RouteBook(store, clock));
            Migration seen = book.create(spec("m"));
            book.act("m", Action.ADVANCE, Actor.OPERATOR);

            assertThat(book.actIfUnchanged(seen, Action.ROLLBACK, Actor.GUARD, "guard: x", Map.of())).isEmpty();
            assertThat(book.get("m").orElseThrow().state().state()).isEqualTo(Phase.SHIFTING);
        }
    }
}
