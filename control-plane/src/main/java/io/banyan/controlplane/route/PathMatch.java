package io.banyan.controlplane.route;

import java.util.List;

/**
 * How a route matches the request path: exactly one of an {@code exact} path, a {@code prefix}, or a {@code template}
 * in Envoy's uri_template syntax, where {@code *} is one segment and {@code **} the rest (last segment only).
 */
public record PathMatch(String exact, String prefix, String template) {

    private static final List<String> KINDS = List.of("exact", "prefix", "template");

    public PathMatch {
        Rules.exactlyOne(KINDS, exact, prefix, template);
        if (exact != null) {
            Rules.path("exact", exact);
        }
        if (prefix != null) {
            Rules.path("prefix", prefix);
        }
        if (template != null) {
            checkTemplate(template);
        }
    }

    /** Whether this matches every path: {@code prefix "/"}. */
    public boolean matchesEverything() {
        return "/".equals(prefix);
    }

    /** Segments after '/', each a literal, {@code *} or {@code **} (last only); no empty segment. */
    private static void checkTemplate(String template) {
        Rules.path("template", template);
        String[] segments = template.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() && !(last && segments.length == 1)) {
                throw invalid(template, "an empty segment");
            }
            if (segment.equals("**") && !last) {
                throw invalid(template, "'**' before the last segment");
            }
            if (!segment.equals("*") && !segment.equals("**")
                    && (segment.contains("*") || segment.contains("{") || segment.contains("}"))) {
                throw invalid(template, "segment '" + Rules.clip(segment) + "' mixes '*' with text");
            }
        }
    }

    private static RuntimeException invalid(String template, String problem) {
        return Rules.invalid("template", "'" + Rules.clip(template) + "' has " + problem + " (expected: segments"
                + " separated by '/', each a literal, '*' for one segment or '**' for the rest as the last one,"
                + " e.g. /orders/*/items)");
    }
}
