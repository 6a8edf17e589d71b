package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/**
 * A condition on a query parameter (xDS {@code QueryParameterMatcher}): its first value {@code exact}ly, or its
 * presence. Names and values are compared percent-decoded, as Envoy does.
 */
public record QueryParameterMatcher(String name, Kind kind, String value) {

    public enum Kind {
        EXACT,
        PRESENT
    }

    public QueryParameterMatcher {
        Checks.nonEmpty(name, "queryParameterMatcher.name");
        Checks.nonNull(kind, "queryParameterMatcher.kind of " + name);
        value = kind == Kind.PRESENT ? "" : Checks.nonNull(value, "queryParameterMatcher.value of " + name);
    }

    public static QueryParameterMatcher exact(String name, String value) {
        return new QueryParameterMatcher(name, Kind.EXACT, value);
    }

    public static QueryParameterMatcher present(String name) {
        return new QueryParameterMatcher(name, Kind.PRESENT, "");
    }

    /** Whether the parameter's first decoded value {@code actual} ({@code null}: absent) matches. */
    public boolean matches(String actual) {
        return actual != null && (kind == Kind.PRESENT || actual.equals(value));
    }
}
