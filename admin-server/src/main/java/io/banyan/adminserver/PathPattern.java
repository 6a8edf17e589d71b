package io.banyan.adminserver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path template such as {@code /v1/services/{service}/instances}: literal segments and named parameters. */
final class PathPattern {

    private final String template;
    private final List<String> segments;

    PathPattern(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path: '" + template + "' (expected: starting with '/')");
        }
        this.template = template;
        this.segments = List.of(template.substring(1).split("/", -1));
    }

    /** The path parameters if {@code path} matches, else empty. */
    Optional<Map<String, String>> match(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String segment = segments.get(i);
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 1), parts[i]);
            } else if (!segment.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    @Override
    public String toString() {
        return template;
    }
}
