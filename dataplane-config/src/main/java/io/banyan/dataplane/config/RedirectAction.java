package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.Locale;

/**
 * A route that answers with a redirect (xDS {@code RedirectAction}) instead of going upstream. Each part of the
 * {@code Location} left unset ({@code null}, port 0) is the request's own: {@code scheme} ({@code https_redirect} is
 * {@code https}), {@code host}, {@code port}, and the path, which {@code path} replaces whole or {@code prefixRewrite}
 * replaces the matched prefix of. The query stays unless {@code stripQuery} (or {@code path} has its own).
 * {@code status} is 301, 302, 303, 307 or 308.
 */
public record RedirectAction(String scheme, String host, int port, String path, String prefixRewrite, int status,
                             boolean stripQuery) {

    public RedirectAction {
        if (scheme != null) {
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("redirect.scheme: '" + scheme + "' (expected: http or https)");
            }
        }
        if (host != null) {
            Checks.nonEmpty(host, "redirect.host");
            if (host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '?' || c == '#' || c == '@' || c >= 0x7f)) {
                throw new IllegalArgumentException("redirect.host: '" + host + "' (expected: a host name)");
            }
        }
        if (port != 0) {
            Checks.port(port, "redirect.port");
        }
        if (path != null && prefixRewrite != null) {
            throw new IllegalArgumentException("redirect.path and redirect.prefixRewrite (expected: at most one)");
        }
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("redirect.path: '" + path + "' (expected: starts with '/')");
        }
        checkLocationPart(path, "redirect.path");
        checkLocationPart(prefixRewrite, "redirect.prefixRewrite");
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("redirect.status: " + status + " (expected: 301, 302, 303, 307 or 308)");
        }
    }

    private static void checkLocationPart(String value, String field) {
        if (value != null && value.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: no spaces or control characters)");
        }
    }

    /** A 301 to the same request on another scheme. */
    public static RedirectAction toScheme(String scheme) {
        return new RedirectAction(scheme, null, 0, null, null, 301, false);
    }
}
