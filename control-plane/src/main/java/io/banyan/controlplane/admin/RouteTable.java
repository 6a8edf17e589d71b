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
        routes.add(new Route(method, new PathPattern(template), handler, false));
        return this;
    }

    /** Adds a route that needs no token ({@code /healthz}, {@code /metrics}). */
    public RouteTable addOpen(String method, String template, RouteHandler handler) {
        routes.add(new Route(method, new PathPattern(template), handler, true));
        return this;
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

    Match resolve(AdminRequest request) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.pattern().match(request.path());
            if (params.isEmpty()) {
                continue;
            }
            if (route.method().equals(request.method())) {
                return new Match(route.handler(), request.withPathParams(params.get()), route.open());
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound(null, "no resource at " + request.path());
        }
        String allow = String.join(", ", allowed);
        throw new MethodNotAllowed(request.method(), allow);
    }

    /** 405 with the methods the path allows. */
    static final class MethodNotAllowed extends RuntimeException {
        final String allow;

        MethodNotAllowed(String method, String allow) {
            super("method " + method + " (expected: one of " + allow + ")");
            this.allow = allow;
        }
    }
}
