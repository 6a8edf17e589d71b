package io.banyan.controlplane.migration;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Every migration at one revision, by name. Immutable. */
public record MigrationSnapshot(long revision, SortedMap<String, Migration> migrations) {

    public MigrationSnapshot {
        migrations = Collections.unmodifiableSortedMap(new TreeMap<>(migrations));
    }

    public static MigrationSnapshot empty() {
        return new MigrationSnapshot(0, new TreeMap<>());
    }

    /** The migrations that own their route and clusters now (shadowing, shifting, paused), by name. */
    public List<Migration> live() {
        return migrations.values().stream().filter(Migration::live).toList();
    }

    /** The live migrations whose route is in {@code table}, by name: their routes go first there, in this order. */
    public List<Migration> liveIn(MigrationSpec.Table table) {
        return migrations.values().stream().filter(m -> m.live() && m.spec().table().equals(table)).toList();
    }
}
