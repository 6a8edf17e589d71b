package io.banyan.controlplane.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API's routes: method + path template → handler. Resolves a request to its handler, or
 * to 404 (no template matches the path) or 405 (the path matches, the method does not; with Allow).
 * A {@code GET} route also answers {@code HEAD}.
 */
public final class RouteTable {

    private record Route(String method, PathPattern pattern, RouteHandler handler, boolean open) {
    }

    /** A resolved request: the handler, the request with its path parameters, and whether auth is skipped. */
    record Match(RouteHandler handler, AdminRequest request, boolean open) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route that requires the admin token. */
    public RouteTable add(String method, String template, RouteHandler handler) {
        routes.add(new Route(known(method), new PathPattern(template), handler, false));
        return this;
    }

    /** Adds a route that needs no token ({@code /healthz}, {@code /metrics}). */
    public RouteTable addOpen(String method, String template, RouteHandler handler) {
        routes.add(new Route(known(method), new PathPattern(template), handler, true));
        return this;
    }

    private static String known(String method) {
        if (AdminMethod.of(method) == AdminMethod.OTHER) {
            throw new IllegalArgumentException("method: '" + method + "' (expected: an HTTP method such as GET)");
        }
        return method;
    }

    /** True if {@code path} is served only by open routes (auth is skipped for it). */
    boolean isOpen(String path) {
        boolean any = false;
        for (Route route : routes) {
            if (route.pattern().match(path).isPresent()) {
                if (!route.open()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** The template of the first route whose path matches (whatever its method), or null: the metrics' route label. */
    String template(String path) {
        for (Route route : routes) {
            if (route.pattern().match(path).isPresent()) {
                return route.pattern().toString();
            }
        }
        return null;
    }

    /**
     * The handler of {@code method} at the request's path. {@code HEAD} is served by the {@code GET} route (the
     * caller drops the body). 404 when no template matches the path, 405 (with Allow) when the method does not.
     */
    Match resolve(AdminMethod method, AdminRequest request) {
        Match match = find(method, request);
        if (match == null && method == AdminMethod.HEAD) {
            match = find(AdminMethod.GET, request);
        }
        if (match != null) {
            return match;
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            if (route.pattern().match(request.path()).isPresent()) {
                allowed.add(route.method());
                if (route.method().equals("GET")) {
                    allowed.add("HEAD");
                }
            }
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound(null, "no resource at " + request.path());
        }
        throw new MethodNotAllowed(method, String.join(", ", allowed));
    }

    private Match find(AdminMethod method, AdminRequest request) {
        for (Route route : routes) {
            if (route.method().equals(method.name())) {
                Optional<Map<String, String>> params = route.pattern().match(request.path());
                if (params.isPresent()) {
                    return new Match(route.handler(), request.withPathParams(params.get()), route.open());
                }
            }
        }
        return null;
    }

    /** 405 with the methods the path allows. */
    static final class MethodNotAllowed extends RuntimeException {
        final String allow;

        MethodNotAllowed(AdminMethod method, String allow) {
            super("method " + method.label() + " (expected: one of " + allow + ")");
            this.allow = allow;
        }
    }
}
