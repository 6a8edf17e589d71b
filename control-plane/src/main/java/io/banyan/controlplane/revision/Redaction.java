package io.banyan.controlplane.revision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/**
 * What the answers of {@code /v1/revisions} hide of an object's JSON: nothing for most kinds; for {@code config}
 * every value of its top-level {@code secrets} object, shown as {@value #SECRET} (the revision keeps the ciphertext,
 * so a changed secret still shows as changed: {@code ~ secrets.pw: <secret> -> <secret>}).
 */
public final class Redaction {

    /** How a hidden value is shown. */
    public static final String SECRET = "<secret>";
    public static final String SECRETS = "secrets";

    private static final Redaction NONE = new Redaction(false);
    private static final Redaction CONFIG_SECRETS = new Redaction(true);

    private final boolean secrets;

    private Redaction(boolean secrets) {
        this.secrets = secrets;
    }

    /** The redaction of the objects of kind {@code kind} (its wire name). */
    public static Redaction of(String kind) {
        return ConfigKind.CONFIG.wireName().equals(kind) ? CONFIG_SECRETS : NONE;
    }

    /** {@code json} with what is hidden replaced (null for null); {@code json} itself is not changed. */
    public JsonNode redact(JsonNode json) {
        if (!secrets || json == null || !json.isObject() || !json.has(SECRETS)) {
            return json;
        }
        ObjectNode copy = ((ObjectNode) json).deepCopy();
        copy.set(SECRETS, hidden(json.get(SECRETS)));
        return copy;
    }

    /** The text of the value at {@code path} (as {@link ConfigDiff} names it) in a diff line. */
    String show(String path, JsonNode value) {
        if (secrets && path.startsWith(SECRETS + ".")) {
            return SECRET;
        }
        if (secrets && path.equals(SECRETS)) {
            return hidden(value).toString();
        }
        return (path.isEmpty() ? redact(value) : value).toString();
    }

    private static JsonNode hidden(JsonNode secrets) {
        if (!secrets.isObject()) {
            return TextNode.valueOf(SECRET);
        }
        ObjectNode hidden = ((ObjectNode) secrets).objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = secrets.fields(); it.hasNext(); ) {
            hidden.put(it.next().getKey(), SECRET);
        }
        return hidden;
    }
}
