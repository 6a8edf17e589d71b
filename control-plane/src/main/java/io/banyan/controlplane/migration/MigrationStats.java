package io.banyan.controlplane.migration;

import io.banyan.controlplane.loadstats.LoadWindow;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the data planes reported about a migration's clusters since {@code since}: the old side, the new side, and
 * the shadow copies (and the shadow cluster's own requests, the new side while shadowing).
 */
public record MigrationStats(Duration window, Instant since, SideStats from, SideStats to, SideStats shadowSide,
                             ShadowStats shadow) {

    public MigrationStats {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(shadowSide, "shadowSide");
        Objects.requireNonNull(shadow, "shadow");
    }

    /** The stats of {@code migration} over its guard's window of its current step: since max(now - window, stepStartedAt). */
    public static MigrationStats of(Migration migration, LoadWindow load, Instant now) {
        Duration window = migration.spec().guard().window();
        Instant since = now.minus(window);
        if (migration.state().stepStartedAt().isAfter(since)) {
            since = migration.state().stepStartedAt();
        }
        String name = migration.name();
        return new MigrationStats(window, since,
                load.side(Side.FROM.cluster(name), since),
                load.side(Side.TO.cluster(name), since),
                load.side(Side.SHADOW.cluster(name), since),
                load.shadow(Side.SHADOW.cluster(name), since));
    }

    /** The side the guard judges (and the view shows as {@code to}): the shadow cluster while shadowing, else {@code to}. */
    public SideStats newSide(Migration migration) {
        return migration.shadowing() ? shadowSide : to;
    }
}
