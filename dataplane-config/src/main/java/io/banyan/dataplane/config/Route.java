package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/**
 * One ordered rule: when {@code match} holds, do exactly one of: forward to {@code action}'s clusters, answer with
 * a {@code redirect}, or answer with a {@code directResponse}; the others are {@code null}. {@code name} ({@code ""}:
 * none) names it in logs. {@code requestHeaders} change the request sent upstream, {@code responseHeaders} the
 * response sent downstream. {@code edge} is a gateway route's end-user policy ({@link EdgeRouteSettings#NONE}:
 * none).
 */
public record Route(String name, RouteMatch match, RouteAction action, RedirectAction redirect,
                    DirectResponse directResponse, HeaderMutations requestHeaders, HeaderMutations responseHeaders,
                    EdgeRouteSettings edge) {

    /** What a matched route does. */
    public enum Kind {
        FORWARD,
        REDIRECT,
        DIRECT_RESPONSE
    }

    public Route {
        name = name == null ? "" : name;
        Checks.nonNull(match, "route.match");
        String label = name.isEmpty() ? "route" : "route '" + name + "'";
        int actions = (action != null ? 1 : 0) + (redirect != null ? 1 : 0) + (directResponse != null ? 1 : 0);
        if (actions != 1) {
            throw new IllegalArgumentException(label + ": " + actions + " actions"
                    + " (expected: exactly one of route, redirect, direct_response)");
        }
        boolean rewrites = action != null && action.prefixRewrite() != null
                || redirect != null && redirect.prefixRewrite() != null;
        if (rewrites && match.kind() == RouteMatch.Kind.TEMPLATE) {
            throw new IllegalArgumentException(label + ": prefix_rewrite with a path template"
                    + " (expected: a prefix or path match)");
        }
        requestHeaders = Checks.nonNull(requestHeaders, "route.requestHeaders");
        responseHeaders = Checks.nonNull(responseHeaders, "route.responseHeaders");
        edge = edge == null ? EdgeRouteSettings.NONE : edge;
    }

    /** A route without end-user policy. */
    public Route(String name, RouteMatch match, RouteAction action, RedirectAction redirect,
                 DirectResponse directResponse, HeaderMutations requestHeaders, HeaderMutations responseHeaders) {
        this(name, match, action, redirect, directResponse, requestHeaders, responseHeaders, EdgeRouteSettings.NONE);
    }

    public Route(RouteMatch match, RouteAction action) {
        this("", match, action, null, null, HeaderMutations.NONE, HeaderMutations.NONE);
    }

    public static Route redirect(RouteMatch match, RedirectAction redirect) {
        return new Route("", match, null, redirect, null, HeaderMutations.NONE, HeaderMutations.NONE);
    }

    public static Route directResponse(RouteMatch match, DirectResponse response) {
        return new Route("", match, null, null, response, HeaderMutations.NONE, HeaderMutations.NONE);
    }

    public Kind kind() {
        return action != null ? Kind.FORWARD : redirect != null ? Kind.REDIRECT : Kind.DIRECT_RESPONSE;
    }

    public Route named(String newName) {
        return new Route(newName, match, action, redirect, directResponse, requestHeaders, responseHeaders, edge);
    }

    /** This route with these header mutations instead of its own. */
    public Route withHeaders(HeaderMutations request, HeaderMutations response) {
        return new Route(name, match, action, redirect, directResponse, request, response, edge);
    }
}
