package io.banyan.controlplane.route;

import java.util.Set;

/**
 * Answers with a redirect instead of proxying: any of a new {@code scheme} (http or https), {@code host},
 * {@code port}, and a whole new {@code path} or a {@code prefix} replacing the matched one; the {@code status}
 * (301 by default) and whether to drop the query string.
 */
public record Redirect(String scheme, String host, Integer port, String path, String prefix, Integer status,
                       Boolean stripQuery) {

    public static final int DEFAULT_STATUS = 301;
    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

    public Redirect {
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
            throw Rules.invalid("scheme", "'" + Rules.clip(scheme) + "' (expected: http or https)");
        }
        if (host != null) {
            host = Rules.host("host", host, false);
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw Rules.invalid("port", port + " (expected: 1..65535)");
        }
        if (path != null && prefix != null) {
            throw Rules.invalid("prefix", "given with path (expected: at most one of path, prefix)");
        }
        if (path != null) {
            Rules.path("path", path);
        }
        if (prefix != null) {
            Rules.path("prefix", prefix);
        }
        if (scheme == null && host == null && port == null && path == null && prefix == null) {
            throw Rules.invalid("scheme", "missing (expected: at least one of scheme, host, port, path, prefix)");
        }
        status = Rules.orDefault(status, DEFAULT_STATUS);
        if (!STATUSES.contains(status)) {
            throw Rules.invalid("status", status + " (expected: one of 301, 302, 303, 307, 308)");
        }
        stripQuery = Rules.orDefault(stripQuery, false);
    }
}
