package io.banyan.controlplane.migration;

import java.util.regex.Pattern;

/**
 * The JSONPath subset of ignored fields: {@code $} then one or more steps, each {@code .name}, {@code [index]} or
 * {@code [*]} ({@code $.timestamp}, {@code $.items[*].updatedAt}); at most 256 characters.
 */
final class IgnorePaths {

    static final int MAX_CHARS = 256;
    static final String EXPECTED = "a JSONPath like $.timestamp or $.items[*].updatedAt: $ then .name, [index] or [*]"
            + " steps";
    private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_-]*|\\[\\*]|\\[[0-9]{1,9}])+");

    private IgnorePaths() {
    }

    static String check(String field, String path) {
        if (path == null || path.length() > MAX_CHARS || !PATH.matcher(path).matches()) {
            String shown = path == null ? "null" : "'" + (path.length() <= 64 ? path : path.substring(0, 64) + "...")
                    + "'";
            throw Fields.invalid(field, shown + " (expected: " + EXPECTED + ")");
        }
        return path;
    }
}
