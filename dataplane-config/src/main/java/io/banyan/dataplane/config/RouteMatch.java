package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/** Path match of a route: a prefix ({@code /} matches everything) or an exact path. */
public record RouteMatch(Kind kind, String value) {

    public enum Kind {
        PREFIX,
        PATH
    }

    public RouteMatch {
        Checks.nonNull(kind, "routeMatch.kind");
        Checks.nonNull(value, "routeMatch.value");
        if (kind == Kind.PATH && !value.startsWith("/")) {
            throw new IllegalArgumentException("routeMatch.path: '" + value + "' (expected: starts with '/')");
        }
    }

    public static RouteMatch prefix(String prefix) {
        return new RouteMatch(Kind.PREFIX, prefix);
    }

    public static RouteMatch path(String path) {
        return new RouteMatch(Kind.PATH, path);
    }

    public boolean matches(String requestPath) {
        String path = pathOnly(requestPath);
        return kind == Kind.PREFIX ? path.startsWith(value) : path.equals(value);
    }

    private static String pathOnly(String requestPath) {
        int query = requestPath.indexOf('?');
        return query < 0 ? requestPath : requestPath.substring(0, query);
    }
}
