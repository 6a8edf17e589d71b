package io.banyan.adminserver;

import java.util.Map;

/**
 * One admin request, copied off the Netty buffers: method, decoded path, the headers the gates and resources read
 * (null when absent), the body bytes (empty on the head, before the body is read), and the path parameters of the
 * route that matched.
 */
public record AdminRequest(String method, String path, String authorization, String contentType, String host,
                           String origin, byte[] body, Map<String, String> pathParams) {

    public AdminRequest {
        body = body == null ? new byte[0] : body;
        pathParams = pathParams == null ? Map.of() : Map.copyOf(pathParams);
    }

    /** A request without {@code Host} and {@code Origin}. */
    public AdminRequest(String method, String path, String authorization, String contentType, byte[] body,
                        Map<String, String> pathParams) {
        this(method, path, authorization, contentType, null, null, body, pathParams);
    }

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter {" + name + "}");
        }
        return value;
    }

    AdminRequest withPathParams(Map<String, String> params) {
        return new AdminRequest(method, path, authorization, contentType, host, origin, body, params);
    }
}
