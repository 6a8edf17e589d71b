package io.banyan.sidecar.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Why a request failed inside the mesh: the status the sidecar answers with and the one-token
 * cause it puts in {@code x-banyan-error} and in the access log. Never an empty 503.
 */
public enum ErrorCause {
    NO_ROUTE(HttpResponseStatus.NOT_FOUND, "no_route"),
    NO_CLUSTER(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_cluster"),
    NO_HEALTHY_UPSTREAM(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_healthy_upstream"),
    CIRCUIT_OPEN(HttpResponseStatus.SERVICE_UNAVAILABLE, "circuit_open"),
    OVERFLOW(HttpResponseStatus.SERVICE_UNAVAILABLE, "overflow"),
    CONNECT_FAILURE(HttpResponseStatus.SERVICE_UNAVAILABLE, "connect_failure"),
    /** The upstream's TLS handshake failed: its certificate is untrusted, expired, or names another service. */
    UPSTREAM_TLS_FAILURE(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream_tls_failure"),
    UPSTREAM_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream_timeout"),
    UPSTREAM_RESET(HttpResponseStatus.BAD_GATEWAY, "upstream_reset"),
    UPSTREAM_PROTOCOL_ERROR(HttpResponseStatus.BAD_GATEWAY, "upstream_protocol_error"),
    UNAUTHORIZED(HttpResponseStatus.FORBIDDEN, "unauthorized"),
    RATE_LIMITED(HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited"),
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "bad_request"),
    DRAINING(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining"),
    /** The request line is longer than the listener's limit. */
    REQUEST_LINE_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request_line_too_long"),
    /** The request head has more header bytes or fields than the listener's limits. */
    HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large"),
    /** The request line names an HTTP version other than 1.0 and 1.1 (HTTP/2 has its own preface). */
    HTTP_VERSION_NOT_SUPPORTED(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "http_version_not_supported"),
    /** The client was too slow sending its request head or body. */
    REQUEST_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout");

    public static final String HEADER = "x-banyan-error";

    private final HttpResponseStatus status;
    private final String token;

    ErrorCause(HttpResponseStatus status, String token) {
        this.status = status;
        this.token = token;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String token() {
        return token;
    }
}
