package io.banyan.cli.ctl.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One declarative document: {@code {"kind": "Policy", "name": "orders", "spec": {...the admin API's body...}}}.
 *
 * @param kind   what it is
 * @param name   the service, gateway or migration ("*" for the authorization default)
 * @param spec   the body to write (an object; empty for a Service)
 * @param source where it was read, {@code policies.yaml#2} (for messages)
 */
public record Document(DocumentKind kind, String name, ObjectNode spec, String source) {

    /** A name longer than this is no name of the mesh's objects. */
    public static final int MAX_NAME = 253;
    private static final Set<String> FIELDS = Set.of("kind", "name", "spec");

    public Document {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        if (kind.named() && (name == null || name.isBlank() || name.length() > MAX_NAME)) {
            throw new IllegalArgumentException(source + ": name: '" + (name == null ? "" : name)
                    + "' (expected: the " + kind.shown() + "'s name, 1.." + MAX_NAME + " characters)");
        }
        name = kind.named() ? name : "*";
        if (kind == DocumentKind.SERVICE && !spec.isEmpty()) {
            throw new IllegalArgumentException(source + ": spec: " + spec + " (expected: none or {} for a Service)");
        }
        JsonNode specName = spec.get("name");
        if (kind == DocumentKind.MIGRATION && specName != null && !specName.asText().equals(name)) {
            throw new IllegalArgumentException(source + ": spec.name: " + specName + " (expected: the document's name '"
                    + name + "' or none)");
        }
    }

    /** The body to write: the spec, a migration's with its name. */
    public ObjectNode body() {
        ObjectNode body = spec.deepCopy();
        if (kind == DocumentKind.MIGRATION) {
            body.put("name", name);
        }
        return body;
    }

    /** The document of {@code node}, checked strictly: an object with {@code kind}, {@code name}, {@code spec} only. */
    public static Document of(JsonNode node, String source) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " (expected: an object {kind, name, spec})");
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(source + ": " + field + ": unknown field (expected: kind, name, spec)");
            }
        });
        String kindName = node.path("kind").asText("");
        DocumentKind kind = DocumentKind.named(kindName).orElseThrow(() -> new IllegalArgumentException(source
                + ": kind: '" + kindName + "' (expected: one of " + DocumentKind.names() + ")"));
        JsonNode name = node.get("name");
        if (name != null && !name.isTextual()) {
            throw new IllegalArgumentException(source + ": name: " + name + " (expected: a string)");
        }
        JsonNode spec = node.get("spec");
        if (spec != null && !spec.isObject() && !spec.isNull()) {
            throw new IllegalArgumentException(source + ": spec: " + spec.getNodeType().name()
                    .toLowerCase(Locale.ROOT) + " (expected: an object, the admin API's body)");
        }
        ObjectNode body = spec == null || spec.isNull() ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) spec).deepCopy();
        return new Document(kind, name == null ? null : name.asText(), body, source);
    }

    /** {@code Policy/orders}. */
    public String id() {
        return kind.shown() + "/" + name;
    }
}
