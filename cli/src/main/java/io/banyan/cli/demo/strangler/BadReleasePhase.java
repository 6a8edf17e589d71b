package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.StopSignal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The bad release's phase under the demo's load: create its guarded migration, wait (bounded) for the guard to roll
 * it back, read the event, wait until {@value BadRelease#PATH} is served by {@value BadRelease#FROM} alone again (its
 * stray answers counted here, not in the next step), then delete the migration so the next step may set the routes.
 * When nothing rolls it back in time, it is rolled back by hand and the phase says so (its check fails).
 */
final class BadReleasePhase {

    private final GuardedMigration migration;
    private final PathTally tally;
    private final EffectProbe probe;
    private final StopSignal stop;

    BadReleasePhase(GuardedMigration migration, PathTally tally, EffectProbe probe, StopSignal stop) {
        this.migration = migration;
        this.tally = tally;
        this.probe = probe;
        this.stop = stop;
    }

    /**
     * Runs it over {@code routes} (the gateway's routes standing underneath); {@code target} is the gateway URL of
     * {@value BadRelease#PATH}. Null when stopped first.
     */
    BadReleaseResult run(MigrationStep routes, URI target, URI unrouted) throws Exception {
        long start = System.nanoTime();
        migration.create();
        boolean rolledBack = migration.awaitRolledBack(BadRelease.ROLLBACK_TIMEOUT, stop);
        if (stop.stopped()) {
            return null;
        }
        Optional<GuardTrip> trip = rolledBack ? Optional.of(migration.rollback()) : Optional.empty();
        if (!rolledBack) {
            migration.rollBackByHand();
        }
        if (!probe.await(routes, List.of(target), unrouted, true)) {
            return null;
        }
        PhaseCounts counts = tally.cut();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        migration.delete();
        return new BadReleaseResult(routes, counts, elapsed, trip);
    }
}
