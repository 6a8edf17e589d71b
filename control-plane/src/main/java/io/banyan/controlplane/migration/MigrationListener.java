package io.banyan.controlplane.migration;

/** Told of every migration change, in order. Called on the changing thread under the book's lock: must only hand off. */
@FunctionalInterface
public interface MigrationListener {

    void onMigrations(MigrationSnapshot snapshot);
}
