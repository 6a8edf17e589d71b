package io.banyan.sidecar.route;

import java.util.Locale;
import java.util.Map;

/**
 * What routing reads of a request, without copying it: its method, authority ({@code Host} or {@code :authority},
 * may be {@code null}), request target (path and query) and headers. The proxy adapts its Netty request to this,
 * one adapter reused per connection; the route layer stays free of Netty.
 */
public interface RouteRequest {

    String method();

    /** The {@code Host} or {@code :authority}, or {@code null}. */
    String authority();

    /** The request target: the path, then the query if any. */
    String target();

    /** The values of header {@code name} (lower case) joined by {@code ","}, as Envoy matches them; {@code null}: absent. */
    String header(String name);

    /** A request of these parts (headers by lower-case name, one joined value each); for tests and tools. */
    static RouteRequest of(String method, String authority, String target, Map<String, String> headers) {
        return new RouteRequest() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String authority() {
                return authority;
            }

            @Override
            public String target() {
                return target;
            }

            @Override
            public String header(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }
        };
    }
}
