package io.banyan.controlplane.migration;

import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.migration.MigrationEvent.Type;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The state machine of a migration, as pure functions: each takes a migration and returns the next one with its
 * event, or refuses a transition its phase does not allow ({@link MigrationConflictException}, naming the phase and
 * what it allows).
 */
final class Transitions {

    private Transitions() {
    }

    /** A new migration at its first step. */
    static Migration created(MigrationSpec spec, Instant now) {
        int weight = spec.steps().get(0);
        MigrationState state = new MigrationState(Phase.of(weight), 0, weight, now, now, now, null);
        return new Migration(spec, state, List.of(event(now, Type.CREATED, Actor.OPERATOR, 0, 0, weight, weight,
                null, Map.of())));
    }

    /** The next step; at the last step, complete. */
    static Migration advance(Migration migration, Instant now, Actor by) {
        check(migration, Action.ADVANCE);
        MigrationState state = migration.state();
        if (state.step() == migration.spec().lastStep()) {
            return complete(migration, now, by);
        }
        int step = state.step() + 1;
        int weight = migration.spec().steps().get(step);
        return move(migration, Type.ADVANCED, by, new MigrationState(Phase.of(weight), step, weight, now,
                state.createdAt(), now, null), null, Map.of());
    }

    static Migration pause(Migration migration, Instant now, Actor by) {
        check(migration, Action.PAUSE);
        MigrationState state = migration.state();
        return move(migration, Type.PAUSED, by, new MigrationState(Phase.PAUSED, state.step(), state.weight(),
                state.stepStartedAt(), state.createdAt(), now, "paused by " + word(by)), "paused by " + word(by),
                Map.of());
    }

    /** Paused: the phase its weight implies; rolled back: back to the first step. The step's time starts again. */
    static Migration resume(Migration migration, Instant now, Actor by) {
        check(migration, Action.RESUME);
        MigrationState state = migration.state();
        int step = state.state() == Phase.ROLLED_BACK ? 0 : state.step();
        int weight = migration.spec().steps().get(step);
        return move(migration, Type.RESUMED, by, new MigrationState(Phase.of(weight), step, weight, now,
                state.createdAt(), now, null), null, Map.of());
    }

    /** Weight 0, no shadow, until an operator acts; {@code reason} and {@code figures} say why. */
    static Migration rollback(Migration migration, Instant now, Actor by, String reason, Map<String, Number> figures) {
        check(migration, Action.ROLLBACK);
        MigrationState state = migration.state();
        String why = reason == null ? "rolled back by " + word(by) : reason;
        return move(migration, Type.ROLLED_BACK, by, new MigrationState(Phase.ROLLED_BACK, state.step(), 0, now,
                state.createdAt(), now, why), why, figures);
    }

    /** Weight 100 at the last step; the migration no longer owns a route (a permanent one takes its place). */
    static Migration complete(Migration migration, Instant now, Actor by) {
        check(migration, Action.COMPLETE);
        MigrationState state = migration.state();
        int last = migration.spec().lastStep();
        return move(migration, Type.COMPLETED, by, new MigrationState(Phase.COMPLETE, last, MigrationSpec.FULL, now,
                state.createdAt(), now, null), null, Map.of());
    }

    /** Throws unless a migration in its phase allows {@code action}. */
    static void check(Migration migration, Action action) {
        Phase phase = migration.state().state();
        List<Action> allowed = Action.allowedIn(phase);
        if (!allowed.contains(action)) {
            throw new MigrationConflictException("cannot " + action.word() + " a " + phase.wireName()
                    + " migration (expected: " + (allowed.isEmpty() ? "none: it is done; DELETE it to forget it"
                    : allowed.stream().map(Action::word).collect(Collectors.joining(", "))) + ")");
        }
    }

    private static Migration move(Migration migration, Type type, Actor by, MigrationState next, String reason,
                                  Map<String, Number> figures) {
        MigrationState state = migration.state();
        return migration.then(next, event(next.updatedAt(), type, by, state.step(), next.step(), state.weight(),
                next.weight(), reason, figures));
    }

    private static MigrationEvent event(Instant at, Type type, Actor by, int fromStep, int toStep, int fromWeight,
                                        int toWeight, String reason, Map<String, Number> figures) {
        return new MigrationEvent(at, type, by, fromStep, toStep, fromWeight, toWeight, reason, figures);
    }

    private static String word(Actor by) {
        return by.name().toLowerCase(Locale.ROOT);
    }
}
