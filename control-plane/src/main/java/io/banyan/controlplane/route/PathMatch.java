package io.banyan.controlplane.route;

import io.banyan.dataplane.config.PathTemplate;

import java.util.List;

/**
 * How a route matches the request path: exactly one of an {@code exact} path, a {@code prefix}, or a {@code template}
 * in Envoy's uri_template syntax, where {@code *} is one segment and {@code **} the rest (last segment only), checked
 * by the sidecars' own parser ({@link PathTemplate}).
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

    /** The sidecars' own template rule ({@link PathTemplate#parse}), at most 1 KiB. */
    private static void checkTemplate(String template) {
        if (template.length() > Rules.MAX_VALUE_BYTES) {
            throw Rules.invalid("template", "'" + Rules.clip(template) + "' (expected: at most "
                    + Rules.MAX_VALUE_BYTES + " characters)");
        }
        Rules.fromDataplane("template", () -> PathTemplate.parse(template, "template"), template);
    }
}
