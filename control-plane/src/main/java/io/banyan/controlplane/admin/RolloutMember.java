package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Takes the top-level {@code rollout} member off a write's body before its strict reader sees it. Stand-in until the
 * staged rollout's {@code RolloutField.extract} is wired: the write then applies at once, as without the member.
 */
final class RolloutMember {

    static final String NAME = "rollout";

    private RolloutMember() {
    }

    /** {@code body} without its top-level {@code rollout} member (a copy when it had one). */
    static JsonNode strip(JsonNode body) {
        if (body != null && body.isObject() && body.has(NAME)) {
            ObjectNode copy = ((ObjectNode) body).deepCopy();
            copy.remove(NAME);
            return copy;
        }
        return body;
    }
}
