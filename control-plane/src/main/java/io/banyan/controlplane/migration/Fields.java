package io.banyan.controlplane.migration;

import io.banyan.controlplane.registry.InvalidFieldException;

import java.math.BigDecimal;

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
            throw invalid(field, plain(value) + " (expected: " + plain(min) + ".." + plain(max) + ")");
        }
        return value;
    }

    /** A number as written, without a trailing {@code .0}: {@code 1.5}, {@code 0}, {@code 100}. */
    static String plain(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
