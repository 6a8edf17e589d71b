package io.banyan.controlplane.route;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request must look like for a route to apply: a path (absent: any), one of {@code methods} (absent: any),
 * and every header and query condition. At most {@value Rules#MAX_MATCHERS} methods, headers and query conditions.
 */
public record Match(PathMatch path, List<String> methods, List<HeaderMatch> headers, List<QueryMatch> query) {

    /** A route without a match: every request. */
    public static final Match EVERYTHING = new Match(null, null, null, null);

    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");

    public Match {
        methods = Rules.atMost("methods", methods, Rules.MAX_MATCHERS);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            if (!METHOD.matcher(method).matches()) {
                throw Rules.invalid("methods[" + i + "]", "'" + Rules.clip(method)
                        + "' (expected: an HTTP method in upper case, e.g. GET)");
            }
            Rules.unique("methods[" + i + "]", seen, method);
        }
        headers = Rules.atMost("headers", headers, Rules.MAX_MATCHERS);
        query = Rules.atMost("query", query, Rules.MAX_MATCHERS);
    }

    /** Whether every request matches: no condition, or only {@code prefix "/"}. */
    public boolean matchesEverything() {
        return (path == null || path.matchesEverything()) && methods.isEmpty() && headers.isEmpty() && query.isEmpty();
    }
}
