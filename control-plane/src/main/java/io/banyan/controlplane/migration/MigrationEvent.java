package io.banyan.controlplane.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened to a migration: when, what, by whom, the step and weight before and after, why, and the
 * figures the guard judged on (empty for an operator's action).
 */
public record MigrationEvent(Instant at, Type type, Actor by, int fromStep, int toStep, int fromWeight, int toWeight,
                             String reason, Map<String, Number> figures) {

    /** What happened. */
    public enum Type {
        @JsonProperty("created") CREATED,
        @JsonProperty("advanced") ADVANCED,
        @JsonProperty("paused") PAUSED,
        @JsonProperty("resumed") RESUMED,
        @JsonProperty("rolled-back") ROLLED_BACK,
        @JsonProperty("completed") COMPLETED
    }

    /** Who did it. */
    public enum Actor {
        @JsonProperty("operator") OPERATOR,
        @JsonProperty("guard") GUARD,
        @JsonProperty("schedule") SCHEDULE
    }

    /** The JSON name of a type or an actor: {@code rolled-back}, {@code guard}. */
    public static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public MigrationEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(by, "by");
        figures = figures == null ? Map.of() : normalized(figures);
    }

    /** Whole numbers as longs, others as doubles: the same figures read back from JSON are equal. */
    private static Map<String, Number> normalized(Map<String, Number> figures) {
        Map<String, Number> normal = new LinkedHashMap<>();
        figures.forEach((name, value) -> normal.put(name, value instanceof Double || value instanceof Float
                ? (Number) value.doubleValue() : (Number) value.longValue()));
        return Collections.unmodifiableMap(normal);
    }
}
