package io.banyan.controlplane.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A service's app configuration document: {@code {"values": {KEY: any JSON value}, "secrets": {KEY: "string"}}}.
 * Keys match {@code [A-Za-z0-9_.-]{1,128}}, a key is in at most one of the two, at most {@link #MAX_KEYS} keys. The
 * secrets hold plaintext as the API receives them, or ciphertext as the store keeps them ({@link ConfigCipher});
 * which one is the holder's to know.
 */
public record ConfigDocument(SortedMap<String, JsonNode> values, SortedMap<String, String> secrets) {

    public static final int MAX_KEYS = 1_000;
    public static final String VALUES = "values";
    public static final String SECRETS = "secrets";
    public static final ConfigDocument EMPTY = new ConfigDocument(new TreeMap<>(), new TreeMap<>());

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final ObjectMapper JSON = JsonMappers.lenient();

    public ConfigDocument {
        TreeMap<String, JsonNode> valuesCopy = new TreeMap<>();
        values.forEach((key, value) -> valuesCopy.put(key(VALUES, key), value.deepCopy()));
        TreeMap<String, String> secretsCopy = new TreeMap<>();
        secrets.forEach((key, value) -> {
            if (valuesCopy.containsKey(key)) {
                throw new InvalidFieldException(SECRETS + "." + key, SECRETS + "." + key
                        + ": also in values (expected: a key in values or in secrets, not both)");
            }
            secretsCopy.put(key(SECRETS, key), value);
        });
        if (valuesCopy.size() + secretsCopy.size() > MAX_KEYS) {
            throw new InvalidFieldException(VALUES, VALUES + " and " + SECRETS + ": "
                    + (valuesCopy.size() + secretsCopy.size()) + " keys (expected: at most " + MAX_KEYS + ")");
        }
        values = Collections.unmodifiableSortedMap(valuesCopy);
        secrets = Collections.unmodifiableSortedMap(secretsCopy);
    }

    /**
     * The document of a JSON object with the optional members {@code values} (an object) and {@code secrets} (an
     * object of strings); any other member is refused, naming it.
     */
    public static ConfigDocument of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidFieldException("body", "body (expected: a JSON object {\"values\": {...}, \"secrets\":"
                    + " {...}})");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(VALUES) && !name.equals(SECRETS)) {
                throw new InvalidFieldException(name, name + ": unknown field (expected: values, secrets)");
            }
        }
        SortedMap<String, JsonNode> values = new TreeMap<>();
        members(json, VALUES).forEach(values::put);
        SortedMap<String, String> secrets = new TreeMap<>();
        members(json, SECRETS).forEach((key, value) -> {
            if (!value.isTextual()) {
                throw new InvalidFieldException(SECRETS + "." + key, SECRETS + "." + key + ": " + value.getNodeType()
                        .name().toLowerCase(Locale.ROOT) + " (expected: a string)");
            }
            secrets.put(key, value.asText());
        });
        return new ConfigDocument(values, secrets);
    }

    /** The document of a JSON text as {@link #of(JsonNode)} reads it; 400 naming the position when not JSON. */
    public static ConfigDocument parse(byte[] json) {
        return of(tree(json));
    }

    /** A JSON tree of {@code json}, or a 400 saying it is not JSON. */
    static JsonNode tree(byte[] json) {
        try {
            JsonNode tree = JSON.readTree(json);
            return tree == null ? JSON.missingNode() : tree;
        } catch (IOException e) {
            throw new InvalidFieldException("body", "body: not JSON (expected: {\"values\": {...}, \"secrets\":"
                    + " {...}})");
        }
    }

    /** {@code {"values": {...}, "secrets": {...}}} with each secret as {@code secretShown} makes it. */
    public ObjectNode toJson(Function<String, String> secretShown) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode valuesNode = root.putObject(VALUES);
        values.forEach(valuesNode::set);
        ObjectNode secretsNode = root.putObject(SECRETS);
        secrets.forEach((key, value) -> secretsNode.put(key, secretShown.apply(value)));
        return root;
    }

    /** The JSON of the document as it is. */
    public ObjectNode toJson() {
        return toJson(value -> value);
    }

    public boolean isEmpty() {
        return values.isEmpty() && secrets.isEmpty();
    }

    private static Map<String, JsonNode> members(JsonNode json, String name) {
        JsonNode member = json.get(name);
        if (member == null || member.isNull()) {
            return Map.of();
        }
        if (!member.isObject()) {
            throw new InvalidFieldException(name, name + ": " + member.getNodeType().name()
                    .toLowerCase(Locale.ROOT) + " (expected: an object of keys to values)");
        }
        Map<String, JsonNode> members = new TreeMap<>();
        member.fields().forEachRemaining(entry -> members.put(entry.getKey(), entry.getValue()));
        return members;
    }

    private static String key(String field, String key) {
        if (!KEY.matcher(key).matches()) {
            String shown = key.length() <= 64 ? key : key.substring(0, 64) + "...";
            throw new InvalidFieldException(field + "." + shown, field + ": key '" + shown
                    + "' (expected: 1 to 128 of A-Z a-z 0-9 _ . -)");
        }
        return key;
    }
}
