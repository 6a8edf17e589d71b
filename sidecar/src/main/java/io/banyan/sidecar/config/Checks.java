package io.banyan.sidecar.config;

import java.time.Duration;

/** Argument checks of the settings records, whose messages say what was expected, Armeria-style. */
public final class Checks {

    private Checks() {
    }

    public static String nonEmpty(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: a non-empty string)");
        }
        return value;
    }

    public static int port(int value, String field) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 1..65535)");
        }
        return value;
    }

    public static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": null (expected: a value)");
        }
        return value;
    }

    public static int atLeast(int value, int min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: >= " + min + ")");
        }
        return value;
    }

    public static int between(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }

    public static double percent(double value, String field) {
        if (!(value > 0 && value <= 100)) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: > 0 and <= 100)");
        }
        return value;
    }

    public static Duration positive(Duration value, String field) {
        nonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    /** Zero means "none" for optional timeouts. */
    public static Duration nonNegative(Duration value, String field) {
        nonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: >= 0, 0 for none)");
        }
        return value;
    }
}
