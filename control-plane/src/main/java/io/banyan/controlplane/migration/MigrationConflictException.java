package io.banyan.controlplane.migration;

/** A change the migrations' state does not allow (a 409): a name taken, a table match owned, a transition refused. */
public final class MigrationConflictException extends RuntimeException {

    public MigrationConflictException(String message) {
        super(message);
    }
}
