package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.List;
import java.util.Locale;

/**
 * A route's CORS policy (Envoy's {@code CorsPolicy}): the allowed origins, and the header values answered to an
 * allowed origin: {@code allowMethods}, {@code allowHeaders}, {@code exposeHeaders} (comma-separated, empty for none),
 * {@code maxAgeSeconds}, {@code allowCredentials}.
 */
public record CorsSettings(List<OriginMatcher> origins, String allowMethods, String allowHeaders, String exposeHeaders,
                           long maxAgeSeconds, boolean allowCredentials) {

    public CorsSettings {
        origins = List.copyOf(origins);
        Checks.nonNull(allowMethods, "allowMethods");
        Checks.nonNull(allowHeaders, "allowHeaders");
        Checks.nonNull(exposeHeaders, "exposeHeaders");
        if (maxAgeSeconds < 0) {
            throw new IllegalArgumentException("max_age: " + maxAgeSeconds + " (expected: >= 0)");
        }
    }

    /** Whether {@code origin} (the request's {@code Origin} header) is allowed. */
    public boolean allows(String origin) {
        for (OriginMatcher matcher : origins) {
            if (matcher.matches(origin)) {
                return true;
            }
        }
        return false;
    }

    /** One allowed-origin pattern: any origin, an exact origin, or origins ending with a suffix (case-insensitive). */
    public record OriginMatcher(Kind kind, String value) {

        public enum Kind { ANY, EXACT, SUFFIX }

        public OriginMatcher {
            Checks.nonNull(kind, "kind");
            value = kind == Kind.ANY ? "" : Checks.nonEmpty(value, "value").toLowerCase(Locale.ROOT);
        }

        public boolean matches(String origin) {
            return switch (kind) {
                case ANY -> true;
                case EXACT -> value.equalsIgnoreCase(origin);
                case SUFFIX -> origin.length() > value.length()
                        && origin.regionMatches(true, origin.length() - value.length(), value, 0, value.length());
            };
        }
    }
}
