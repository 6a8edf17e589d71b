package io.banyan.controlplane.revision;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * One change to a configuration object: which one, what was done, its JSON before and after (null when absent),
 * and the revision it reverts (null for an ordinary change).
 */
public record ConfigChange(ConfigKind kind, String object, RevisionAction action, JsonNode before, JsonNode after,
                           Long revertOf) {

    public ConfigChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
    }

    public ConfigChange(ConfigKind kind, String object, RevisionAction action, JsonNode before, JsonNode after) {
        this(kind, object, action, before, after, null);
    }
}
