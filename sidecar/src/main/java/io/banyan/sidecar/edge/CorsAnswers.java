package io.banyan.sidecar.edge;

import io.banyan.dataplane.config.CorsSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/** The CORS headers of an allowed origin, as Envoy's CORS filter writes them. */
final class CorsAnswers {

    static final String ORIGIN = "origin";
    static final String REQUEST_METHOD = "access-control-request-method";

    private CorsAnswers() {
    }

    static boolean isPreflight(EdgeRequest request) {
        return "OPTIONS".equals(request.method()) && request.header(ORIGIN) != null
                && request.header(REQUEST_METHOD) != null;
    }

    static Map<String, String> preflight(CorsSettings cors, String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("access-control-allow-origin", origin);
        if (!cors.allowMethods().isEmpty()) {
            headers.put("access-control-allow-methods", cors.allowMethods());
        }
        if (!cors.allowHeaders().isEmpty()) {
            headers.put("access-control-allow-headers", cors.allowHeaders());
        }
        headers.put("access-control-max-age", Long.toString(cors.maxAgeSeconds()));
        credentials(cors, headers);
        headers.put("vary", "Origin");
        return headers;
    }

    static Map<String, String> actual(CorsSettings cors, String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("access-control-allow-origin", origin);
        if (!cors.exposeHeaders().isEmpty()) {
            headers.put("access-control-expose-headers", cors.exposeHeaders());
        }
        credentials(cors, headers);
        headers.put("vary", "Origin");
        return headers;
    }

    private static void credentials(CorsSettings cors, Map<String, String> headers) {
        if (cors.allowCredentials()) {
            headers.put("access-control-allow-credentials", "true");
        }
    }
}
