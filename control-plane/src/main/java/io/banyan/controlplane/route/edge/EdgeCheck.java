package io.banyan.controlplane.route.edge;

import io.banyan.controlplane.registry.InvalidFieldException;

import java.util.List;
import java.util.regex.Pattern;

/** Validation of edge-policy fields; every message names the field's path in the route, the value and what was expected. */
final class EdgeCheck {

    /** A lower-case HTTP header name (RFC 9110 token), not a pseudo-header. */
    private static final Pattern HEADER = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]{1,128}");
    /** An HTTP method (RFC 9110 token), upper case as the methods the mesh knows. */
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,32}");
    static final String HEADER_EXPECTED = "a lower-case header name of 1..128 token characters";

    private EdgeCheck() {
    }

    static InvalidFieldException invalid(String path, String message) {
        return new InvalidFieldException(path, path + ": " + message);
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static String nonEmpty(String path, String value, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength) {
            throw invalid(path, quote(value) + " (expected: a non-empty string of at most " + maxLength + " characters)");
        }
        return value;
    }

    static String header(String path, String value) {
        if (value == null || !HEADER.matcher(value).matches()) {
            throw invalid(path, quote(value) + " (expected: " + HEADER_EXPECTED + ")");
        }
        return value;
    }

    static String method(String path, String value) {
        if (value == null || !METHOD.matcher(value).matches()) {
            throw invalid(path, quote(value) + " (expected: an upper-case HTTP method such as GET)");
        }
        return value;
    }

    /** A list of at most {@code max} entries, each checked by {@code each} with its index in the path. */
    static List<String> list(String path, List<String> values, int max, ElementCheck each) {
        List<String> copy = List.copyOf(orDefault(values, List.of()));
        if (copy.size() > max) {
            throw invalid(path, copy.size() + " entries (expected: at most " + max + ")");
        }
        for (int i = 0; i < copy.size(); i++) {
            each.check(path + "[" + i + "]", copy.get(i));
        }
        if (copy.stream().distinct().count() != copy.size()) {
            throw invalid(path, copy + " (expected: no duplicates)");
        }
        return copy;
    }

    static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    /** One element's check, given its path. */
    @FunctionalInterface
    interface ElementCheck {
        void check(String path, String value);
    }
}
