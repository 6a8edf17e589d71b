package io.banyan.controlplane.policy;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Durations;

import java.time.Duration;

/** Validation of policy fields; every message names the field's JSON path, the value and what was expected. */
final class Check {

    private Check() {
    }

    static int range(String path, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(path, path + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }

    static double range(String path, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new InvalidFieldException(path, path + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }

    /** A percent in the data plane's own words ({@link Checks#percent}): more than 0, at most 100. */
    static double percent(String path, double value) {
        try {
            return Checks.percent(value, path);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(path, e.getMessage());
        }
    }

    /** A duration of at least {@code min} (inclusive) and at most {@code max}. */
    static Duration duration(String path, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidFieldException(path, path + ": " + Durations.format(value) + " (expected: "
                    + Durations.format(min) + ".." + Durations.format(max) + ")");
        }
        return value;
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static InvalidFieldException invalid(String path, String message) {
        return new InvalidFieldException(path, path + ": " + message);
    }
}
