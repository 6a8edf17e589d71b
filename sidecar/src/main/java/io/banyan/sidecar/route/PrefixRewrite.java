package io.banyan.sidecar.route;

import io.banyan.dataplane.config.RouteMatch;

/**
 * Envoy's {@code prefix_rewrite}: the part of the path the route matched (its prefix, or the whole exact path) is
 * replaced, the rest of the target (query included) kept: {@code /api/orders/7?x} under prefix {@code /api/orders}
 * rewritten to {@code /v2/orders} is {@code /v2/orders/7?x}. Not for path templates (refused in the config).
 */
public final class PrefixRewrite {

    private PrefixRewrite() {
    }

    /** {@code target} rewritten; {@code match} matched it. */
    public static String apply(RouteMatch match, String rewrite, String target) {
        if (match.kind() == RouteMatch.Kind.TEMPLATE) {
            throw new IllegalArgumentException("prefix_rewrite with a path template (expected: a prefix or path match)");
        }
        return rewrite + target.substring(Math.min(match.value().length(), target.length()));
    }
}
