package io.banyan.controlplane.migration;

import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.store.Store;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Migrations by state, and their events by type and actor, counted once each, not again after a restart. */
class MigrationMetricsTest {

    private final FakeClock clock = new FakeClock();

    @TempDir
    Path dir;

    @Test
    void statesAreGaugedAndEventsCountedOnceAndNotAgainOnARestart() {
        MigrationSpec spec = new MigrationJson().readSpec("{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\"}"
                .getBytes(StandardCharsets.UTF_8));
        try (Store store = Store.open(dir)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            MigrationBook book = new MigrationBook(store, clock, new RouteBook(store, clock));
            book.addListener(new MigrationMetrics(meters));
            book.create(spec);
            book.act("m", Action.ADVANCE, Actor.SCHEDULE);
            book.rollback("m", Actor.GUARD, "guard: x", Map.of());

            assertThat(meters.get("banyan.migrations").tag("state", "rolled-back").gauge().value()).isEqualTo(1);
            assertThat(meters.get("banyan.migrations").tag("state", "shadowing").gauge().value()).isZero();
            assertThat(meters.get("banyan.migration.events").tags("type", "created", "by", "operator").counter()
                    .count()).isEqualTo(1);
            assertThat(meters.get("banyan.migration.events").tags("type", "advanced", "by", "schedule").counter()
                    .count()).isEqualTo(1);
            assertThat(meters.get("banyan.migration.events").tags("type", "rolled-back", "by", "guard").counter()
                    .count()).isEqualTo(1);
        }
        try (Store store = Store.open(dir)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            MigrationBook book = new MigrationBook(store, clock, new RouteBook(store, clock));
            book.addListener(new MigrationMetrics(meters));
            assertThat(meters.find("banyan.migration.events").counters()).isEmpty();
            assertThat(meters.get("banyan.migrations").tag("state", "rolled-back").gauge().value()).isEqualTo(1);
        }
    }
}
