package io.banyan.adminserver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An admin port's routes: method + path template → handler. Resolves a request to its handler, or
 * to 404 (no template matches the path) or 405 (the path matches, the method does not; with Allow).
 * A {@code GET} route also answers {@code HEAD}. {@link #routes()} lists what the server dispatches on, for the tests
 * that compare it with the API's description.
 */
public final class RouteTable {

    /** One route as its API description names it: {@code GET /v1/services/{service}}; open routes need no token. */
    public record Route(String method, String template, boolean open) {

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private record Entry(String method, PathPattern pattern, RouteHandler handler, boolean open) {
    }

    /** A resolved request: the handler, the request with its path parameters, and whether auth is skipped. */
    record Match(RouteHandler handler, AdminRequest request, boolean open) {
    }

    private final List<Entry> routes = new ArrayList<>();

    /** Adds a route that requires the admin token. */
    public RouteTable add(String method, String template, RouteHandler handler) {
        routes.add(new Entry(known(method), new PathPattern(template), handler, false));
        return this;
    }

    /** Adds an open route: no token, and served on the connections kept for probes beyond the limit. */
    public RouteTable addOpen(String method, String template, RouteHandler handler) {
        routes.add(new Entry(known(method), new PathPattern(template), handler, true));
        return this;
    }

    private static String known(String method) {
        if (AdminMethod.of(method) == AdminMethod.OTHER) {
            throw new IllegalArgumentException("method: '" + method + "' (expected: an HTTP method such as GET)");
        }
        return method;
    }

    /** Every route in the order added: the table the server dispatches on. */
    public List<Route> routes() {
        return routes.stream().map(entry -> new Route(entry.method(), entry.pattern().toString(), entry.open())).toList();
    }

    /** The open routes' templates, each once, in the order added. */
    List<String> openTemplates() {
        return routes.stream().filter(Entry::open).map(entry -> entry.pattern().toString()).distinct().toList();
    }

    private List<String> templates() {
        return routes.stream().map(entry -> entry.pattern().toString()).distinct().toList();
    }

    /** True if {@code path} is served only by open routes (auth is skipped for it). */
    boolean isOpen(String path) {
        boolean any = false;
        for (Entry route : routes) {
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
        for (Entry route : routes) {
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
        for (Entry route : routes) {
            if (route.pattern().match(request.path()).isPresent()) {
                allowed.add(route.method());
                if (route.method().equals("GET")) {
                    allowed.add("HEAD");
                }
            }
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound(null, "not found: " + request.path() + " (expected: one of "
                    + String.join(", ", templates()) + ")");
        }
        throw new MethodNotAllowed(method, String.join(", ", allowed));
    }

    private Match find(AdminMethod method, AdminRequest request) {
        for (Entry route : routes) {
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
