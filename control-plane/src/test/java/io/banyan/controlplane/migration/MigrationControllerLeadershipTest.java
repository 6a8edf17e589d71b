package io.banyan.controlplane.migration;

import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.replica.SwitchedLeadership;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.store.Store;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller judges only while its replica leads the store: idle (but tracking the clusters its sidecars report)
 * while another leads, taking over at once when it becomes the leader; and a deposed leader's late step, judged on an
 * ETag another replica's write has since replaced, is refused by its If-Match and dropped. On a fake clock; the
 * scheduled rounds are an hour apart, the test runs the rounds.
 */
class MigrationControllerLeadershipTest {

    private static final String SCHEDULED = "{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\","
            + " \"steps\": [0, 25, 100], \"advance\": {\"every\": \"5m\"}}";

    private final FakeClock clock = new FakeClock();
    private final FakeLoadWindow load = new FakeLoadWindow();
    private final SwitchedLeadership leadership = new SwitchedLeadership(false);

    @TempDir
    Path dir;
    private Store store;
    private Revisions revisions;
    private MigrationBook book;
    private MigrationController controller;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        revisions = new Revisions(store, clock, new SimpleMeterRegistry());
        book = new MigrationBook(store, clock, new RouteBook(store, clock, revisions), revisions);
        controller = new MigrationController(book, load, clock, Duration.ofHours(1), leadership).start();
        book.create(new MigrationJson().readSpec(SCHEDULED.getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void close() {
        controller.close();
        store.close();
    }

    @Test
    void idleWhileAnotherReplicaLeadsThenTakesOverAtOnce() {
        clock.advance(Duration.ofMinutes(5));

        controller.tick();

        assertThat(book.get("m").orElseThrow().state().weight()).isZero();
        assertThat(load.tracked()).containsExactlyInAnyOrder(Side.FROM.cluster("m"), Side.TO.cluster("m"),
                Side.SHADOW.cluster("m"));

        leadership.set(true); // the take-over round runs on the controller's thread

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(book.get("m").orElseThrow().state().weight()).isEqualTo(25));

        leadership.set(false);
        clock.advance(Duration.ofMinutes(5));
        controller.tick();
        assertThat(book.get("m").orElseThrow().state().weight()).isEqualTo(25);
    }

    @Test
    void aDeposedLeadersLateStepIsRefusedByItsIfMatchAndDropped() {
        leadership.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> controller.lastVerdict("m").isPresent());
        clock.advance(Duration.ofMinutes(5));
        // the new leader (another replica: a second book on the same store) advanced it; not yet followed here
        MigrationBook newLeader = new MigrationBook(store, clock, new RouteBook(store, clock, revisions), revisions);
        newLeader.advance("m", Actor.SCHEDULE);
        long etag = revisions.etag(io.banyan.controlplane.revision.ConfigKind.MIGRATION, "m");
        long revisionsBefore = revisions.last();

        controller.tick(); // judged on the state it holds: advance 0 -> 25 again

        assertThat(revisions.last()).isEqualTo(revisionsBefore);
        assertThat(revisions.etag(io.banyan.controlplane.revision.ConfigKind.MIGRATION, "m")).isEqualTo(etag);
        assertThat(book.get("m").orElseThrow().state().weight()).isZero();
        assertThat(newLeader.get("m").orElseThrow().state().weight()).isEqualTo(25);

        book.changed("migrations", "m", "...");
        assertThat(book.get("m").orElseThrow().state().weight()).isEqualTo(25);
    }
}
