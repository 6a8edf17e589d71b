package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.Locale;

/**
 * A condition on a request header (xDS {@code HeaderMatcher}): its value {@code exact}ly or by {@code prefix}, or its
 * presence; {@code invert} negates it, so an absent header is {@code present} inverted. The name is lower-case; the
 * pseudo-headers {@code :method}, {@code :authority} and {@code :path} name the request's method, authority and path.
 * Several values of one header are matched joined by {@code ","}, as Envoy does.
 */
public record HeaderMatcher(String name, Kind kind, String value, boolean invert) {

    public enum Kind {
        EXACT,
        PREFIX,
        PRESENT
    }

    public HeaderMatcher {
        Checks.nonEmpty(name, "headerMatcher.name");
        if (!name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("headerMatcher.name: '" + name + "' (expected: lower case)");
        }
        Checks.nonNull(kind, "headerMatcher.kind of " + name);
        if (kind == Kind.PRESENT) {
            value = "";
        } else {
            Checks.nonNull(value, "headerMatcher.value of " + name);
        }
    }

    public static HeaderMatcher exact(String name, String value) {
        return new HeaderMatcher(name, Kind.EXACT, value, false);
    }

    public static HeaderMatcher prefix(String name, String prefix) {
        return new HeaderMatcher(name, Kind.PREFIX, prefix, false);
    }

    public static HeaderMatcher present(String name) {
        return new HeaderMatcher(name, Kind.PRESENT, "", false);
    }

    public static HeaderMatcher absent(String name) {
        return new HeaderMatcher(name, Kind.PRESENT, "", true);
    }

    /**
     * Whether a request whose header value is {@code actual} ({@code null}: absent) matches, by Envoy's rules: an
     * absent header matches only {@code present} inverted; otherwise the comparison, negated by {@code invert}.
     */
    public boolean matches(String actual) {
        if (actual == null) {
            return kind == Kind.PRESENT && invert;
        }
        boolean matched = switch (kind) {
            case EXACT -> actual.equals(value);
            case PREFIX -> actual.startsWith(value);
            case PRESENT -> true;
        };
        return matched != invert;
    }
}
