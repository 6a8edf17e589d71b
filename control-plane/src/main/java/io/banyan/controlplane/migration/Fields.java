package io.banyan.controlplane.migration;

import io.banyan.controlplane.registry.InvalidFieldException;

/** The field checks of a migration's records; each names its field relative to its record. */
final class Fields {

    private Fields() {
    }

    static InvalidFieldException invalid(String field, String message) {
        return new InvalidFieldException(field, field + ": " + message);
    }

    /** {@code value} unless it is null, then {@code fallback}. */
    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** A number in {@code min..max}, inclusive; null stays null (the check is off). */
    static Double between(String field, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            throw invalid(field, value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }
}
