package io.banyan.adminserver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One admin request, copied off the Netty buffers: method, decoded path, the headers the gates and resources read
 * (null when absent), the body bytes (empty on the head, before the body is read), the path parameters of the
 * route that matched, the query parameters (as decoded, bounded by the request line's length), the
 * {@code If-Match} header (null when absent), and the principal: the name of the admin token the request presented
 * (null until the gate has named it; {@code anonymous} when no token is configured), the {@code If-None-Match}
 * header and the {@code Accept} header (null when absent).
 */
public record AdminRequest(String method, String path, String authorization, String contentType, String host,
                           String origin, byte[] body, Map<String, String> pathParams,
                           Map<String, List<String>> queryParams, String ifMatch, String principal,
                           String ifNoneMatch, String accept) {

    public AdminRequest {
        body = body == null ? new byte[0] : body;
        pathParams = pathParams == null ? Map.of() : Map.copyOf(pathParams);
        queryParams = queryParams == null ? Map.of() : queryParams.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
    }

    /** A request without Accept. */
    public AdminRequest(String method, String path, String authorization, String contentType, String host,
                        String origin, byte[] body, Map<String, String> pathParams,
                        Map<String, List<String>> queryParams, String ifMatch, String principal, String ifNoneMatch) {
        this(method, path, authorization, contentType, host, origin, body, pathParams, queryParams, ifMatch,
                principal, ifNoneMatch, null);
    }

    /** A request without If-None-Match. */
    public AdminRequest(String method, String path, String authorization, String contentType, String host,
                        String origin, byte[] body, Map<String, String> pathParams,
                        Map<String, List<String>> queryParams, String ifMatch, String principal) {
        this(method, path, authorization, contentType, host, origin, body, pathParams, queryParams, ifMatch,
                principal, null);
    }

    /** A request without query parameters, If-Match or principal. */
    public AdminRequest(String method, String path, String authorization, String contentType, String host,
                        String origin, byte[] body, Map<String, String> pathParams) {
        this(method, path, authorization, contentType, host, origin, body, pathParams, null, null, null);
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

    /** The first value of query parameter {@code name}, if the request has it. */
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    AdminRequest withQueryParams(Map<String, List<String>> params) {
        return new AdminRequest(method, path, authorization, contentType, host, origin, body, pathParams, params,
                ifMatch, principal, ifNoneMatch, accept);
    }

    AdminRequest withPathParams(Map<String, String> params) {
        return new AdminRequest(method, path, authorization, contentType, host, origin, body, params, queryParams,
                ifMatch, principal, ifNoneMatch, accept);
    }

    /** This request on behalf of {@code name} (the admin token it presented). */
    public AdminRequest withPrincipal(String name) {
        return new AdminRequest(method, path, authorization, contentType, host, origin, body, pathParams, queryParams,
                ifMatch, name, ifNoneMatch, accept);
    }

    /** This request with {@code body} in place of its own (a member taken out of it). */
    public AdminRequest withBody(byte[] body) {
        return new AdminRequest(method, path, authorization, contentType, host, origin, body, pathParams, queryParams,
                ifMatch, principal, ifNoneMatch, accept);
    }

    /** This request with the header {@code If-Match: value}. */
    public AdminRequest withIfMatch(String value) {
        return new AdminRequest(method, path, authorization, contentType, host, origin, body, pathParams, queryParams,
                value, principal, ifNoneMatch, accept);
    }
}
