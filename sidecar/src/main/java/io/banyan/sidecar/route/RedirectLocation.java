package io.banyan.sidecar.route;

import io.banyan.dataplane.config.RedirectAction;
import io.banyan.dataplane.config.RouteMatch;

/**
 * The {@code Location} of a redirect: the request's URL with what the redirect sets replaced. The port is the
 * redirect's, else the one its host names, else the request's (when the scheme changes, as Envoy: unless it was the
 * old scheme's default, {@code http://shop:80} to {@code https://shop}, {@code http://shop:8080} to
 * {@code https://shop:8080}); it is left out when it is the default of the final scheme (80, 443). The path is replaced whole by {@code path} (whose own
 * {@code ?query}, if any, replaces the request's) or by prefix ({@link PrefixRewrite}); the query is kept unless
 * {@code stripQuery}.
 */
public final class RedirectLocation {

    private RedirectLocation() {
    }

    /**
     * @param scheme    the request's scheme ({@code http} or {@code https})
     * @param authority the request's {@code Host} / {@code :authority} (may be {@code null}: {@code localhost})
     * @param target    the request's path and query
     */
    public static String of(RedirectAction redirect, RouteMatch match, String scheme, String authority, String target) {
        String finalScheme = redirect.scheme() != null ? redirect.scheme() : scheme;
        String requestAuthority = authority == null || authority.isEmpty() ? "localhost" : authority;
        int requestPortAt = portSeparator(requestAuthority);
        String host = requestPortAt < 0 ? requestAuthority : requestAuthority.substring(0, requestPortAt);
        String port = requestPortAt < 0 ? null : requestAuthority.substring(requestPortAt + 1);
        if (port != null && port.equals(defaultPort(scheme))) {
            port = null;
        }
        if (redirect.host() != null) {
            int at = portSeparator(redirect.host());
            host = at < 0 ? redirect.host() : redirect.host().substring(0, at);
            if (at >= 0) {
                port = redirect.host().substring(at + 1);
            }
        }
        if (redirect.port() != 0) {
            port = Integer.toString(redirect.port());
        }
        if (port != null && port.equals(defaultPort(finalScheme))) {
            port = null;
        }
        int queryAt = target.indexOf('?');
        String path = queryAt < 0 ? target : target.substring(0, queryAt);
        String query = queryAt < 0 || redirect.stripQuery() ? null : target.substring(queryAt + 1);
        if (redirect.path() != null) {
            int ownQuery = redirect.path().indexOf('?');
            path = ownQuery < 0 ? redirect.path() : redirect.path().substring(0, ownQuery);
            query = ownQuery < 0 ? query : redirect.path().substring(ownQuery + 1);
        } else if (redirect.prefixRewrite() != null) {
            path = PrefixRewrite.apply(match, redirect.prefixRewrite(), path);
        }
        StringBuilder location = new StringBuilder(finalScheme.length() + host.length() + target.length() + 16)
                .append(finalScheme).append("://").append(host);
        if (port != null) {
            location.append(':').append(port);
        }
        location.append(path);
        if (query != null && !query.isEmpty()) {
            location.append('?').append(query);
        }
        return location.toString();
    }

    private static String defaultPort(String scheme) {
        return scheme.equals("https") ? "443" : "80";
    }

    /** The index of the ':' before a port in {@code authority}, or -1 ({@code [::1]:80} aware). */
    private static int portSeparator(String authority) {
        int colon = authority.lastIndexOf(':');
        return colon > 0 && authority.indexOf(']', colon) < 0 ? colon : -1;
    }
}
