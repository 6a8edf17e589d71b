package io.banyan.cli.demo.strangler;

import java.time.Duration;
import java.util.Optional;

/**
 * What the bad release's phase saw, from the migration's creation until {@value BadRelease#PATH} was seen served by
 * {@value BadRelease#FROM} alone again.
 *
 * @param routes  the plan's step whose gateway routes stood under the migration
 * @param counts  the requests of the whole phase
 * @param elapsed how long the phase lasted
 * @param trip    the rolled-back event; empty when nothing rolled the release back within
 *                {@link BadRelease#ROLLBACK_TIMEOUT} (the demo then rolled it back by hand to go on)
 */
public record BadReleaseResult(MigrationStep routes, PhaseCounts counts, Duration elapsed, Optional<GuardTrip> trip) {
}
