package io.banyan.controlplane.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.primitives.time.Durations;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Takes the top-level {@code "rollout"} member out of a write's JSON body, before the body's own strict parser reads
 * it: {@code {"canary": "10%" | "nodes": [...], "bake": "30s", "maxErrorRateIncrease": 0.01, "minRequests": 20}}.
 * Strict: an unknown member is a 400 naming it. A body that is not a JSON object, or has no rollout, is given back
 * unchanged (its parser answers for it).
 */
public final class RolloutField {

    public static final String FIELD = "rollout";
    private static final Set<String> MEMBERS = Set.of("canary", "nodes", "bake", "maxErrorRateIncrease",
            "minRequests");

    /** One mapper for every write (an ObjectMapper is costly to build and safe to share once configured). */
    private static final ObjectMapper JSON = JsonMappers.lenient();

    private RolloutField() {
    }

    /** The body without its rollout member, and the rollout it asked for. */
    public record Extracted(byte[] body, Optional<Rollout> rollout) {
    }

    /** The body without {@code "rollout"}, and the rollout read from it (400 naming what is wrong). */
    public static Extracted extract(byte[] body) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            return new Extracted(body, Optional.empty());
        }
        if (tree == null || !tree.isObject() || !tree.has(FIELD)) {
            return new Extracted(body, Optional.empty());
        }
        ObjectNode object = (ObjectNode) tree;
        Rollout rollout = rollout(object.remove(FIELD));
        try {
            return new Extracted(JSON.writeValueAsBytes(object), Optional.of(rollout));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write back a JSON tree just read", e);
        }
    }

    private static Rollout rollout(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidFieldException(FIELD, "rollout: " + node.getNodeType().name().toLowerCase()
                    + " (expected: an object like {\"canary\": \"10%\", \"bake\": \"30s\"})");
        }
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidFieldException(FIELD + "." + unknown.iterator().next(), "rollout: unknown field(s) "
                    + String.join(", ", unknown) + " (expected: " + String.join(", ", new TreeSet<>(MEMBERS)) + ")");
        }
        return new Rollout(canary(node.get("canary")), nodes(node.get("nodes")), bake(node.get("bake")),
                number(node.get("maxErrorRateIncrease"), "maxErrorRateIncrease",
                        Rollout.DEFAULT_MAX_ERROR_RATE_INCREASE),
                minRequests(node.get("minRequests")));
    }

    private static Double canary(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isTextual() ? node.asText().trim() : "";
        if (text.endsWith("%")) {
            try {
                return Double.parseDouble(text.substring(0, text.length() - 1).trim());
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw new InvalidFieldException("rollout.canary", "rollout.canary: " + cut(node)
                + " (expected: a share of the nodes like \"10%\" or \"12.5%\")");
    }

    private static List<String> nodes(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() == 0 || node.size() > Rollout.MAX_NODES) {
            throw new InvalidFieldException("rollout.nodes", "rollout.nodes: " + cut(node)
                    + " (expected: an array of 1.." + Rollout.MAX_NODES + " node ids)");
        }
        List<String> ids = new ArrayList<>();
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            JsonNode id = it.next();
            if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > 256) {
                throw new InvalidFieldException("rollout.nodes", "rollout.nodes: " + cut(id)
                        + " (expected: a node id, a string of 1..256 characters)");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static Duration bake(JsonNode node) {
        if (node == null || node.isNull()) {
            return Rollout.DEFAULT_BAKE;
        }
        Duration bake = node.isTextual() ? Durations.parseOrNull(node.asText()) : null;
        if (bake == null) {
            throw new InvalidFieldException("rollout.bake", "rollout.bake: " + cut(node) + " (expected: "
                    + Durations.EXPECTED + ", 1s..1h)");
        }
        return bake;
    }

    private static double number(JsonNode node, String field, double byDefault) {
        if (node == null || node.isNull()) {
            return byDefault;
        }
        if (!node.isNumber()) {
            throw new InvalidFieldException("rollout." + field, "rollout." + field + ": " + cut(node)
                    + " (expected: a number 0..1)");
        }
        return node.asDouble();
    }

    private static long minRequests(JsonNode node) {
        if (node == null || node.isNull()) {
            return Rollout.DEFAULT_MIN_REQUESTS;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidFieldException("rollout.minRequests", "rollout.minRequests: " + cut(node)
                    + " (expected: an integer, 1 or more)");
        }
        return node.asLong();
    }

    private static String cut(JsonNode node) {
        String text = node.toString();
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
