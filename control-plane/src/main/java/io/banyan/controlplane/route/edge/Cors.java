package io.banyan.controlplane.route.edge;

import io.banyan.primitives.time.Durations;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Cross-origin requests to a route, answered by the gateway as Envoy's CORS filter does: a preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) from an allowed origin gets 204 with the
 * {@code Access-Control-Allow-*} headers and never reaches the upstream; an actual request from an allowed origin
 * gets {@code Access-Control-Allow-Origin} (that origin) and {@code Vary: Origin}; any other origin gets no CORS headers
 * (the browser blocks it). An origin is an exact {@code scheme://host[:port]}, {@code *.example.com} (any host under
 * that domain, on the default port), or {@code *} (any, not with credentials).
 */
public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                   List<String> exposeHeaders, Duration maxAge, Boolean allowCredentials) {

    public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST");
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    private static final Duration MAX_MAX_AGE = Duration.ofDays(1);
    private static final int MAX_ENTRIES = 64;

    public Cors {
        allowOrigins = EdgeCheck.list("cors.allowOrigins", allowOrigins, MAX_ENTRIES, Cors::origin).stream()
                .map(origin -> origin.toLowerCase(Locale.ROOT)).toList();
        if (allowOrigins.isEmpty()) {
            throw EdgeCheck.invalid("cors.allowOrigins", "[] (expected: at least one origin)");
        }
        allowMethods = EdgeCheck.list("cors.allowMethods", EdgeCheck.orDefault(allowMethods, DEFAULT_METHODS),
                MAX_ENTRIES, EdgeCheck::method);
        allowHeaders = EdgeCheck.list("cors.allowHeaders", allowHeaders, MAX_ENTRIES, EdgeCheck::header);
        exposeHeaders = EdgeCheck.list("cors.exposeHeaders", exposeHeaders, MAX_ENTRIES, EdgeCheck::header);
        maxAge = EdgeCheck.orDefault(maxAge, DEFAULT_MAX_AGE);
        if (maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0 || maxAge.getNano() != 0) {
            throw EdgeCheck.invalid("cors.maxAge", Durations.format(maxAge) + " (expected: whole seconds, 0s.."
                    + Durations.format(MAX_MAX_AGE) + ")");
        }
        allowCredentials = EdgeCheck.orDefault(allowCredentials, false);
        if (allowCredentials && allowOrigins.contains("*")) {
            throw EdgeCheck.invalid("cors.allowCredentials", "true with allowOrigins '*' (expected: named origins)");
        }
    }

    private static void origin(String path, String origin) {
        if ("*".equals(origin)) {
            return;
        }
        String expected = " (expected: '*', '*.example.com' or an origin such as 'https://shop.example.com:8443')";
        if (origin == null || origin.length() > 256) {
            throw EdgeCheck.invalid(path, EdgeCheck.quote(origin) + expected);
        }
        if (origin.startsWith("*.")) {
            if (!origin.substring(2).matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
                throw EdgeCheck.invalid(path, EdgeCheck.quote(origin) + expected);
            }
            return;
        }
        try {
            URI uri = new URI(origin);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (http && uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw EdgeCheck.invalid(path, EdgeCheck.quote(origin) + expected);
    }
}
