package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.store.StoredRevision;

import java.util.Set;

/**
 * A resource that writes configuration objects of some kinds, and can write one back as it was before a revision
 * ({@code POST /v1/revisions/{n}/revert}) through the same checks as its own writes.
 */
public interface RevertibleResource extends AdminResource {

    /** The kinds of object it writes. */
    Set<ConfigKind> kinds();

    /**
     * Writes the object of {@code revision} back as it was before it (deletes it when it did not exist), on
     * {@code write}; what today's rules refuse is refused as a write of the same body would be.
     */
    void revert(StoredRevision revision, ConfigWrite write);

    /**
     * Whether a later revision of the same object refuses the revert of {@code revision} (409, unless forced), and the
     * revert is conditional on the object as {@code revision} left it; yes unless the resource says otherwise.
     */
    default boolean laterChangesRefuse(StoredRevision revision) {
        return true;
    }
}
