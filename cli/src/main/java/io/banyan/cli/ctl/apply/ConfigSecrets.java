package io.banyan.cli.ctl.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code secrets} of a {@code Config} document: each a string, or {@code {"fromEnv": "VAR"}} read from the
 * environment when applied (so the file need not hold it). The admin API never shows a secret's value (each is
 * {@code "<secret>"}), so a comparison with the live object sees the secrets' names only.
 */
public final class ConfigSecrets {

    /** What the admin API shows for every secret value. */
    public static final String SHOWN = "<secret>";

    private ConfigSecrets() {
    }

    /** {@code spec} with each {@code fromEnv} secret replaced by the variable's value; a missing one is refused. */
    public static ObjectNode resolved(ObjectNode spec, Function<String, Optional<String>> env, String source) {
        ObjectNode body = spec.deepCopy();
        JsonNode secrets = body.path("secrets");
        if (!secrets.isObject()) {
            return body;
        }
        for (Map.Entry<String, JsonNode> secret : iterable(secrets)) {
            JsonNode value = secret.getValue();
            String at = source + ": spec.secrets." + secret.getKey();
            if (value.isObject() && value.size() == 1 && value.path("fromEnv").isTextual()) {
                String variable = value.path("fromEnv").asText();
                String resolved = env.apply(variable).orElseThrow(() -> new IllegalArgumentException(at
                        + ": fromEnv " + variable + " is not set"));
                ((ObjectNode) secrets).put(secret.getKey(), resolved);
            } else if (!value.isTextual()) {
                throw new IllegalArgumentException(at + ": " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                        + " (expected: a string or {fromEnv: VAR})");
            }
        }
        return body;
    }

    /** {@code spec} with every secret value shown as the admin API shows it, {@value #SHOWN}. */
    public static ObjectNode masked(ObjectNode spec) {
        ObjectNode shown = spec.deepCopy();
        JsonNode secrets = shown.path("secrets");
        if (secrets.isObject()) {
            for (Map.Entry<String, JsonNode> secret : iterable(secrets)) {
                ((ObjectNode) secrets).put(secret.getKey(), SHOWN);
            }
        }
        return shown;
    }

    /** Whether the document has secrets (whose values a diff cannot see). */
    public static boolean any(ObjectNode spec) {
        return spec.path("secrets").isObject() && !spec.path("secrets").isEmpty();
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return () -> object.deepCopy().fields();
    }
}
