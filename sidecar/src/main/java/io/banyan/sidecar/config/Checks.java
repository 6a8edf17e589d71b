package io.banyan.sidecar.config;

/** Argument checks whose messages say what was expected, Armeria-style. */
final class Checks {

    private Checks() {
    }

    static String nonEmpty(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: a non-empty string)");
        }
        return value;
    }

    static int port(int value, String field) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 1..65535)");
        }
        return value;
    }

    static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": null (expected: a value)");
        }
        return value;
    }
}
