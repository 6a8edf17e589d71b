package io.banyan.cli.demo.strangler;

import io.banyan.primitives.name.ServiceName;

/**
 * How much of one path's traffic its new service takes; the rest stays on the monolith.
 *
 * @param path    the path prefix, e.g. {@code /orders}
 * @param service the new service that takes it over
 * @param percent 0 (all on the monolith) .. 100 (all on the new service)
 */
public record PathShare(String path, String service, int percent) {

    public PathShare {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: a path starting with /)");
        }
        ServiceName.check(service, "service");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent: " + percent + " (expected: 0..100)");
        }
    }

    /** The same path with {@code percent} of it on the new service. */
    public PathShare at(int percent) {
        return new PathShare(path, service, percent);
    }

    /** Whether the monolith still serves some of this path. */
    public boolean onMonolith() {
        return percent < 100;
    }

    /** Whether the new service serves some of this path. */
    public boolean onService() {
        return percent > 0;
    }
}
