package io.banyan.controlplane.migration;

import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.migration.MigrationEvent.Type;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.store.Store;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.banyan.controlplane.migration.FakeLoadWindow.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The controller's rounds, on a fake clock and a fake load window (rounds are run by the test, not by the timer):
 * a breach rolls back with the reason and the figures; a schedule advances only after a healthy window; the live
 * migrations' clusters are tracked.
 */
class MigrationControllerTest {

    private static final Duration FAST = Duration.ofMillis(5);
    private final FakeClock clock = new FakeClock();
    private final FakeLoadWindow load = new FakeLoadWindow();
    private final MigrationJson json = new MigrationJson();

    @TempDir
    Path dir;
    private Store store;
    private MigrationBook book;
    private MigrationController controller;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        book = new MigrationBook(store, clock, new RouteBook(store, clock));
        controller = new MigrationController(book, load, clock, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        controller.close();
        store.close();
    }

    private Migration create(String body) {
        return book.create(json.readSpec(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fivePercentErrorsAtTwentyFivePercentRollBackWithTheReasonAndTheFigures() {
        create("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\", \"steps\": [0, 25, 100],"
                + " \"guard\": {\"maxErrorRate\": 0.01, \"minRequests\": 100, \"window\": \"1m\"}}");
        book.act("m", Action.ADVANCE, Actor.OPERATOR);
        load.sides.put(Side.FROM.cluster("m"), stats(1200, 3, FAST));
        load.sides.put(Side.TO.cluster("m"), stats(400, 20, FAST));
        clock.advance(Duration.ofSeconds(5));

        controller.tick();

        Migration after = book.get("m").orElseThrow();
        assertThat(after.state()).extracting(MigrationState::state, MigrationState::weight, MigrationState::reason)
                .containsExactly(Phase.ROLLED_BACK, 0,
                        "guard: to error rate 0.05 > maxErrorRate 0.01 over 1m (400 requests)");
        MigrationEvent event = after.events().get(after.events().size() - 1);
        assertThat(event).extracting(MigrationEvent::type, MigrationEvent::by, MigrationEvent::fromWeight,
                MigrationEvent::toWeight).containsExactly(Type.ROLLED_BACK, Actor.GUARD, 25, 0);
        assertThat(event.reason()).isEqualTo(after.state().reason());
        assertThat(event.figures()).containsEntry("toRequests", 400L).containsEntry("toErrors", 20L)
                .containsEntry("toErrorRate", 0.05).containsEntry("fromRequests", 1200L);

        load.sides.put(Side.TO.cluster("m"), stats(400, 400, FAST));
        clock.advance(Duration.ofSeconds(5));
        controller.tick();
        assertThat(book.get("m").orElseThrow().events()).as("rolled back stays so until an operator acts")
                .hasSameSizeAs(after.events());
    }

    @Test
    void anErrorRateEqualToTheMaximumDoesNotRollBack() {
        create("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\", \"steps\": [25, 100],"
                + " \"guard\": {\"maxErrorRate\": 0.05}}");
        load.sides.put(Side.TO.cluster("m"), stats(400, 20, FAST));

        controller.tick();

        assertThat(book.get("m").orElseThrow().state().state()).isEqualTo(Phase.SHIFTING);
        assertThat(controller.lastVerdict("m")).hasValueSatisfying(v -> assertThat(v.healthy()).isTrue());
    }

    @Test
    void whileShadowingTheShadowClusterIsTheNewSide() {
        create("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\", \"shadow\": {\"percent\": 50},"
                + " \"guard\": {\"maxErrorRate\": 0.1, \"minRequests\": 10}}");
        load.sides.put(Side.TO.cluster("m"), stats(100, 0, FAST));
        load.sides.put(Side.SHADOW.cluster("m"), stats(10, 2, FAST));

        controller.tick();

        assertThat(book.get("m").orElseThrow().state().reason())
                .isEqualTo("guard: shadow error rate 0.2 > maxErrorRate 0.1 over 1m (10 requests)");
    }

    @Test
    void aPausedShadowingMigrationKeepsItsShadowAndTheGuardStillJudgesIt_theViewShowsTheShadowAsTheNewSide() {
        create("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\", \"shadow\": {\"percent\": 50},"
                + " \"guard\": {\"maxErrorRate\": 0.1, \"minRequests\": 10}}");
        Migration paused = book.act("m", Action.PAUSE, Actor.OPERATOR);
        assertThat(paused.shadowing()).as("a pause holds the step and its shadow").isTrue();
        load.sides.put(Side.SHADOW.cluster("m"), stats(10, 0, FAST));
        MigrationStats stats = MigrationStats.of(paused, load, clock.instant());
        assertThat(json.view(paused, stats).path("stats").path("to").path("requests").asLong())
                .as("while shadowing, the new side shown is the shadow copies'").isEqualTo(10);

        load.sides.put(Side.SHADOW.cluster("m"), stats(10, 2, FAST));
        controller.tick();

        assertThat(book.get("m").orElseThrow().state().reason())
                .isEqualTo("guard: shadow error rate 0.2 > maxErrorRate 0.1 over 1m (10 requests)");
        assertThat(book.get("m").orElseThrow().shadowing()).as("rolled back: no shadow").isFalse();
    }

    @Test
    void advancingEveryFiveMinutesWhileHealthyReachesOneHundredPercentAndCompletes() {
        Instant start = clock.instant();
        create("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\", \"steps\": [0, 50, 100],"
                + " \"shadow\": {\"percent\": 100}, \"advance\": {\"every\": \"5m\"},"
                + " \"guard\": {\"maxErrorRate\": 0.01, \"minRequests\": 10, \"window\": \"10m\"}}");
        load.sides.put(Side.SHADOW.cluster("m"), stats(10, 0, FAST));
        load.sides.put(Side.TO.cluster("m"), stats(10, 0, FAST));

        clock.advance(Duration.ofMinutes(4));
        controller.tick();
        assertThat(book.get("m").orElseThrow().state().step()).as("the step has not lasted 5m").isZero();

        clock.advance(Duration.ofMinutes(1));
        controller.tick();
        assertThat(book.get("m").orElseThrow().state()).extracting(MigrationState::state, MigrationState::weight)
                .containsExactly(Phase.SHIFTING, 50);
        load.sides.put(Side.TO.cluster("m"), stats(9, 0, FAST));
        clock.advance(Duration.ofMinutes(5));
        controller.tick();
        assertThat(book.get("m").orElseThrow().state().weight()).as("too few requests: no healthy verdict")
                .isEqualTo(50);
        assertThat(load.askedSince.get(Side.TO.cluster("m"))).as("stats since the step began, not 10m ago")
                .isEqualTo(start.plus(Duration.ofMinutes(5)));

        load.sides.put(Side.TO.cluster("m"), stats(10, 0, FAST));
        controller.tick();
        assertThat(book.get("m").orElseThrow().state().weight()).isEqualTo(100);
        clock.advance(Duration.ofMinutes(5));
        controller.tick();

        Migration done = book.get("m").orElseThrow();
        assertThat(done.state().state()).isEqualTo(Phase.COMPLETE);
        assertThat(done.events()).extracting(MigrationEvent::type, MigrationEvent::by).containsExactly(
                tuple(Type.CREATED, Actor.OPERATOR),
                tuple(Type.ADVANCED, Actor.SCHEDULE),
                tuple(Type.ADVANCED, Actor.SCHEDULE),
                tuple(Type.COMPLETED, Actor.SCHEDULE));
        assertThat(new RouteBook(store, clock).get(RouteOwner.SERVICE, "monolith")).isPresent();
    }

    @Test
    void aStepThatSendsTheNewSideNothingAdvancesOnScheduleWithoutEvidence() {
        create("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\", \"steps\": [0, 50, 100],"
                + " \"advance\": {\"every\": \"5m\"}, \"guard\": {\"maxErrorRate\": 0.01, \"minRequests\": 10}}");

        clock.advance(Duration.ofMinutes(5));
        controller.tick();

        assertThat(book.get("m").orElseThrow().state().weight()).as("weight 0 and no shadow: nothing to wait for")
                .isEqualTo(50);
        clock.advance(Duration.ofMinutes(5));
        controller.tick();
        assertThat(book.get("m").orElseThrow().state().weight()).as("at 50 % the new side must show its health")
                .isEqualTo(50);
    }

    @Test
    void theLiveMigrationsClustersAreTrackedAndADoneOneIsForgotten() {
        create("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\"}");
        controller.tick();
        assertThat(load.tracked).containsExactlyInAnyOrder("migration|m|from", "migration|m|to", "migration|m|shadow");

        book.act("m", Action.ROLLBACK, Actor.OPERATOR);
        controller.tick();
        assertThat(load.tracked).isEmpty();
    }
}
