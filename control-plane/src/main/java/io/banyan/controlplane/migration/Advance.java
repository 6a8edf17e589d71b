package io.banyan.controlplane.migration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * How a migration moves to its next step: {@code "manual"} (only an operator advances it; {@code every} null) or
 * {@code {"every": "5m"}} (once the step has lasted {@code every} and the guard's last verdict was healthy).
 */
public record Advance(Duration every) {

    static final Duration MIN_EVERY = Duration.ofSeconds(1);
    static final Duration MAX_EVERY = Duration.ofDays(7);
    private static final String EXPECTED = "\"manual\" or {\"every\": \"5m\"}";

    public static final Advance MANUAL = new Advance(null);

    public Advance {
        if (every != null && (every.compareTo(MIN_EVERY) < 0 || every.compareTo(MAX_EVERY) > 0)) {
            throw Fields.invalid("advance.every", Durations.format(every) + " (expected: 1s..7d)");
        }
    }

    public boolean manual() {
        return every == null;
    }

    /** Reads {@code "manual"} or {@code {"every": D}}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Advance of(JsonNode node) {
        if (node.isTextual() && node.asText().equals("manual")) {
            return MANUAL;
        }
        if (!node.isObject()) {
            throw Fields.invalid("advance", shown(node) + " (expected: " + EXPECTED + ")");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        JsonNode every = null;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("every")) {
                throw Fields.invalid("advance." + shown(field.getKey()), "unknown field (expected one of: every)");
            }
            every = field.getValue();
        }
        if (every == null) {
            throw Fields.invalid("advance.every", "missing (expected: " + Durations.EXPECTED + ")");
        }
        Duration duration = every.isTextual() ? Durations.parseOrNull(every.asText()) : null;
        if (duration == null) {
            throw Fields.invalid("advance.every", shown(every) + " (expected: " + Durations.EXPECTED + ")");
        }
        return new Advance(duration);
    }

    @JsonValue
    Object json() {
        return every == null ? "manual" : Map.of("every", Durations.format(every));
    }

    private static String shown(Object value) {
        String text = value instanceof JsonNode node ? node.toString() : String.valueOf(value);
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
