package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.List;

/**
 * When a route applies: its path (a prefix, {@code /} matching everything; an exact path; or a {@link PathTemplate}),
 * and every one of its header and query parameter conditions. The path is the request's, without its query.
 */
public record RouteMatch(Kind kind, String value, List<HeaderMatcher> headers,
                         List<QueryParameterMatcher> queryParameters) {

    public enum Kind {
        PREFIX,
        PATH,
        /** {@code value} is a {@link PathTemplate}. */
        TEMPLATE
    }

    public RouteMatch {
        Checks.nonNull(kind, "routeMatch.kind");
        Checks.nonNull(value, "routeMatch.value");
        if (kind == Kind.PATH && !value.startsWith("/")) {
            throw new IllegalArgumentException("routeMatch.path: '" + value + "' (expected: starts with '/')");
        }
        if (kind == Kind.TEMPLATE) {
            PathTemplate.parse(value, "routeMatch.template");
        }
        headers = List.copyOf(Checks.nonNull(headers, "routeMatch.headers"));
        queryParameters = List.copyOf(Checks.nonNull(queryParameters, "routeMatch.queryParameters"));
    }

    public RouteMatch(Kind kind, String value) {
        this(kind, value, List.of(), List.of());
    }

    public static RouteMatch prefix(String prefix) {
        return new RouteMatch(Kind.PREFIX, prefix);
    }

    public static RouteMatch path(String path) {
        return new RouteMatch(Kind.PATH, path);
    }

    public static RouteMatch template(String template) {
        return new RouteMatch(Kind.TEMPLATE, template);
    }

    public RouteMatch withHeaders(HeaderMatcher... matchers) {
        return new RouteMatch(kind, value, List.of(matchers), queryParameters);
    }

    public RouteMatch withQueryParameters(QueryParameterMatcher... matchers) {
        return new RouteMatch(kind, value, headers, List.of(matchers));
    }
}
