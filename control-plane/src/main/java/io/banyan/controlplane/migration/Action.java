package io.banyan.controlplane.migration;

import java.util.List;
import java.util.Locale;

/** What an operator (or the guard, or the schedule) can do to a migration. */
public enum Action {
    ADVANCE, PAUSE, RESUME, ROLLBACK, COMPLETE;

    /** The path segment and word of the action ({@code advance}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a migration in {@code phase} allows (a complete or rolled-back one may also be deleted). */
    static List<Action> allowedIn(Phase phase) {
        return switch (phase) {
            case SHADOWING, SHIFTING -> List.of(ADVANCE, PAUSE, ROLLBACK, COMPLETE);
            case PAUSED -> List.of(RESUME, ROLLBACK, COMPLETE);
            case ROLLED_BACK -> List.of(RESUME);
            case COMPLETE -> List.of();
        };
    }
}
