package io.banyan.controlplane.revision;

import java.util.Locale;

/** What a revision did to its object: created, updated or deleted it, or moved a migration on. */
public enum RevisionAction {
    CREATE, UPDATE, DELETE, ADVANCE, PAUSE, RESUME, ROLLBACK, COMPLETE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@link #CREATE} when there was nothing before, else {@link #UPDATE}. */
    public static RevisionAction putOver(Object before) {
        return before == null ? CREATE : UPDATE;
    }
}
