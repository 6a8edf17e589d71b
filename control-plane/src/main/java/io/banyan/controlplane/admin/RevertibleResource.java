package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.xds.snapshot.MeshConfig;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A resource that writes configuration objects of some kinds, and can write one back as it was before a revision
 * ({@code POST /v1/revisions/{n}/revert}) through the same checks as its own writes, or say what that would change
 * ({@code ?dryRun=true}).
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

    /**
     * What {@link #revert} would make of the mesh configuration, checked as {@link #revert} checks it (the same 400s
     * and 409s), storing nothing.
     */
    UnaryOperator<MeshConfig> previewRevert(StoredRevision revision);
}
