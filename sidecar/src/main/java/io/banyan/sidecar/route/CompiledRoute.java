package io.banyan.sidecar.route;

import io.banyan.dataplane.config.HeaderMatcher;
import io.banyan.dataplane.config.PathTemplate;
import io.banyan.dataplane.config.QueryParameterMatcher;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteMatch;

/**
 * A route ready to match: its path condition (a template parsed once), then its header conditions (the
 * pseudo-headers {@code :method}, {@code :authority} and {@code :path} read from the request line), then its query
 * conditions (the query parsed only for a route that has some). A route with a path condition only allocates
 * nothing to match.
 */
final class CompiledRoute {

    private final Route route;
    private final RouteMatch.Kind kind;
    private final String path;
    private final PathTemplate template;
    private final HeaderMatcher[] headers;
    private final QueryParameterMatcher[] query;

    /** {@code route} as matched, carrying the header mutations of its virtual host then its own. */
    CompiledRoute(Route route) {
        this.route = route;
        RouteMatch match = route.match();
        this.kind = match.kind();
        this.path = match.value();
        this.template = kind == RouteMatch.Kind.TEMPLATE ? PathTemplate.parse(path, "routeMatch.template") : null;
        this.headers = match.headers().toArray(HeaderMatcher[]::new);
        this.query = match.queryParameters().toArray(QueryParameterMatcher[]::new);
    }

    Route route() {
        return route;
    }

    /** Whether the route applies; {@code request} may be {@code null} when only the authority and target are known. */
    boolean matches(String target, RouteRequest request) {
        int end = target.indexOf('?');
        end = end < 0 ? target.length() : end;
        boolean pathMatches = switch (kind) {
            case PREFIX -> path.length() <= end && target.startsWith(path);
            case PATH -> path.length() == end && target.startsWith(path);
            case TEMPLATE -> template.matches(target, end);
        };
        if (!pathMatches) {
            return false;
        }
        for (HeaderMatcher header : headers) {
            if (!header.matches(request == null ? null : headerValue(request, header.name()))) {
                return false;
            }
        }
        for (QueryParameterMatcher parameter : query) {
            if (!parameter.matches(QueryParameters.first(target, parameter.name()))) {
                return false;
            }
        }
        return true;
    }

    private static String headerValue(RouteRequest request, String name) {
        if (name.charAt(0) != ':') {
            return request.header(name);
        }
        return switch (name) {
            case ":method" -> request.method();
            case ":authority" -> request.authority();
            case ":path" -> request.target();
            default -> request.header(name);
        };
    }
}
