package io.banyan.controlplane.policy;

import java.time.Duration;

/**
 * What a hashing load balancer hashes: exactly one of a request header, a cookie (with an optional
 * {@code cookieTtl}: Envoy then generates the cookie when it is missing) or the source address.
 */
public record HashPolicy(String header, String cookie, Duration cookieTtl, Boolean sourceIp) {

    private static final String PATH = "loadBalancing.hash";
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public HashPolicy {
        sourceIp = Boolean.TRUE.equals(sourceIp) ? Boolean.TRUE : null;
        int set = (header != null ? 1 : 0) + (cookie != null ? 1 : 0) + (sourceIp != null ? 1 : 0);
        if (set != 1) {
            throw Check.invalid(PATH, set + " of header, cookie, sourceIp set (expected: exactly one)");
        }
        if (header != null && !TOKEN.matcher(header).matches()) {
            throw Check.invalid(PATH + ".header", "'" + header + "' (expected: an HTTP header name)");
        }
        if (cookie != null && !TOKEN.matcher(cookie).matches()) {
            throw Check.invalid(PATH + ".cookie", "'" + cookie + "' (expected: a cookie name)");
        }
        if (cookieTtl != null) {
            if (cookie == null) {
                throw Check.invalid(PATH + ".cookieTtl", "set without cookie (expected: only with cookie)");
            }
            Check.duration(PATH + ".cookieTtl", cookieTtl, Duration.ZERO, Duration.ofDays(365));
        }
    }

    public static HashPolicy onHeader(String name) {
        return new HashPolicy(name, null, null, null);
    }

    public static HashPolicy onCookie(String name, Duration ttl) {
        return new HashPolicy(null, name, ttl, null);
    }

    public static HashPolicy onSourceIp() {
        return new HashPolicy(null, null, null, true);
    }
}
