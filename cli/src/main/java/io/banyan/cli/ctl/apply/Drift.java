package io.banyan.cli.ctl.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.controlplane.revision.ConfigDiff;
import io.banyan.controlplane.rollout.RolloutField;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How a live object differs from its document, as {@link ConfigDiff}'s lines (the revisions' diff): the live object is
 * first cut to the document's shape, so members the file leaves out (the answer's {@code service} or
 * {@code revision}, the defaults the control plane fills in) are not differences; a {@code Config}'s secrets are
 * compared by name only; a top-level {@code rollout} (a staged write's instructions) is not compared. No lines:
 * nothing to write.
 */
public final class Drift {

    private Drift() {
    }

    /** The lines from {@code live} (null when it does not exist) to {@code document}. */
    public static List<String> lines(Document document, JsonNode live) {
        ObjectNode wanted = document.kind() == DocumentKind.CONFIG ? ConfigSecrets.masked(document.body()) : document.body();
        wanted.remove(RolloutField.FIELD); // how to write, not what: never compared
        return ConfigDiff.lines(live == null ? null : onto(live, wanted), wanted);
    }

    /** {@code live} with only the members {@code shape} has, at every depth (array elements by index). */
    static JsonNode onto(JsonNode live, JsonNode shape) {
        if (live.isObject() && shape.isObject()) {
            ObjectNode cut = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = live.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (shape.has(member.getKey())) {
                    cut.set(member.getKey(), onto(member.getValue(), shape.get(member.getKey())));
                }
            }
            return cut;
        }
        if (live.isArray() && shape.isArray()) {
            ArrayNode cut = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < live.size(); i++) {
                cut.add(i < shape.size() ? onto(live.get(i), shape.get(i)) : live.get(i));
            }
            return cut;
        }
        return live;
    }
}
