package io.banyan.controlplane.migration;

import io.banyan.api.xds.ResourceNames;

import java.util.Locale;

/** A cluster of a migration: the old service, the new one, and the new one's shadow copy. */
public enum Side {
    FROM, TO, SHADOW;

    /** {@code from}, {@code to} or {@code shadow}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This side's cluster of migration {@code migration}: {@code migration|orders-move|to}. */
    public String cluster(String migration) {
        return ResourceNames.migrationCluster(migration, wireName());
    }
}
