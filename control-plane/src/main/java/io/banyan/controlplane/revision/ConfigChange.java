package io.banyan.controlplane.revision;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/** One change to a configuration object: which one, what was done, its JSON before and after (null when absent). */
public record ConfigChange(ConfigKind kind, String object, RevisionAction action, JsonNode before, JsonNode after) {

    public ConfigChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
    }
}
