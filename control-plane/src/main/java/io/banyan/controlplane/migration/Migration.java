package io.banyan.controlplane.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A migration as kept: what was asked, where it stands, and its latest events (oldest first, at most 500). */
public record Migration(MigrationSpec spec, MigrationState state, List<MigrationEvent> events) {

    public static final int MAX_EVENTS = 500;

    public Migration {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        events = events.size() <= MAX_EVENTS ? List.copyOf(events)
                : List.copyOf(events.subList(events.size() - MAX_EVENTS, events.size()));
    }

    public String name() {
        return spec.name();
    }

    /** Whether it owns its route and clusters now (shadowing, shifting or paused). */
    public boolean live() {
        return state.state().live();
    }

    /**
     * Whether a shadow copy runs now: a shadow percent, at weight 0, live (shadowing, or paused there: a pause holds
     * the step, its shadow and the guard's watch).
     */
    public boolean shadowing() {
        Phase phase = state.state();
        return spec.shadow() != null && state.weight() == 0 && (phase == Phase.SHADOWING || phase == Phase.PAUSED);
    }

    /** This migration in {@code next}, with {@code event} added. */
    Migration then(MigrationState next, MigrationEvent event) {
        List<MigrationEvent> more = new ArrayList<>(events.size() + 1);
        more.addAll(events);
        more.add(event);
        return new Migration(spec, next, more);
    }
}
