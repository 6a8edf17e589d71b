package io.banyan.controlplane.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/**
 * One revision of the mesh configuration as persisted in the store's {@code revisions} map: its number (0 until the
 * store numbers it), when and by whom, which object ({@code kind}, {@code object}) and what was done to it, the
 * object's JSON before and after (null when absent), and the revision it reverted (null for an ordinary change).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredRevision(long revision, Instant at, String author, String kind, String object, String action,
                             JsonNode before, JsonNode after, Long revertOf) {

    public StoredRevision {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
    }

    /** This revision under its number. */
    StoredRevision numbered(long number) {
        return new StoredRevision(number, at, author, kind, object, action, before, after, revertOf);
    }
}
