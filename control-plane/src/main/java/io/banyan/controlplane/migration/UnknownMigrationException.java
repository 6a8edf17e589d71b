package io.banyan.controlplane.migration;

/** No migration of that name (a 404). */
public final class UnknownMigrationException extends RuntimeException {

    private final String name;

    public UnknownMigrationException(String name) {
        super("migration '" + name + "': none of that name");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
