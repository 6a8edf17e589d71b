package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.List;

/**
 * A route's consistent-hashing key sources (xDS {@code RouteAction.hash_policy}), tried in order: a header,
 * a cookie or the source address. A value, so that equal configs compare equal; the balancer's
 * {@code loadbalance.HashPolicy.of(RouteHash)} turns it into behaviour.
 */
public record RouteHash(List<Source> sources) {

    public enum Kind {
        HEADER,
        COOKIE,
        SOURCE_IP
    }

    /** One key source; {@code name} is the header or cookie name, empty for the source address. */
    public record Source(Kind kind, String name) {

        public Source {
            Checks.nonNull(kind, "hashPolicy.kind");
            name = name == null ? "" : name;
            if (kind != Kind.SOURCE_IP && name.isBlank()) {
                throw new IllegalArgumentException("hashPolicy." + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + ": '' (expected: a non-empty name)");
            }
        }
    }

    public RouteHash {
        sources = List.copyOf(Checks.nonNull(sources, "hashPolicy.sources"));
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("hashPolicy.sources: [] (expected: at least one source)");
        }
    }

    public static RouteHash header(String name) {
        return new RouteHash(List.of(new Source(Kind.HEADER, name)));
    }
}
